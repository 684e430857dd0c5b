/** Reply → Block Kit: each Reply feature, Slack's limits, and escaping of what users typed. */
import { describe, expect, it } from 'vitest';
import { createSlackFormatter, escapeSlackText } from '../../adapters/slack/format.ts';
import { truncate } from '../../adapters/slack/limits.ts';
import { renderReply } from '../../adapters/slack/render.ts';
import { MENTION_APPROVERS, mentionUser, type Reply, sanitizeUserText } from '../../src/core/shared/reply.ts';

const fmt = createSlackFormatter(['U0APPROVER', 'S0FINANCE']);
const render = (r: Reply) => renderReply(r, fmt);
// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary Block Kit shapes
type AnyBlock = Record<string, any>;
const blocksOf = (r: Reply) => render(r).blocks as AnyBlock[];

describe('Block Kit rendering', () => {
  it('renders title as a header, text as a mrkdwn section, with a plain-text fallback', () => {
    const out = render({ title: 'Funding request', text: 'Alice asks for $50.00', tone: 'info' });
    expect(out.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Funding request', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Alice asks for $50.00' } },
    ]);
    expect(out.text).toBe('Funding request\nAlice asks for $50.00');
  });

  it('marks success, warning and danger in the header', () => {
    expect(blocksOf({ title: 'Paid', text: '', tone: 'success' })[0]?.text.text).toBe(':white_check_mark: Paid');
    expect(blocksOf({ title: 'Expired', text: '', tone: 'warning' })[0]?.text.text).toBe(':warning: Expired');
    expect(blocksOf({ title: 'Failed', text: '', tone: 'danger' })[0]?.text.text).toBe(':no_entry: Failed');
  });

  it('puts short fields side by side and long fields on their own', () => {
    const blocks = blocksOf({
      text: 'x',
      fields: [
        { label: 'Amount', value: '$50.00', short: true },
        { label: 'Requested by', value: mentionUser('U0ALICE'), short: true },
        { label: 'Note', value: 'eval run' },
      ],
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Amount*\n$50.00' },
        { type: 'mrkdwn', text: '*Requested by*\n<@U0ALICE>' },
      ],
    });
    expect(blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Note*\neval run' } });
  });

  it('splits more than 10 short fields over several sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: String(i), short: true }));
    const sections = blocksOf({ text: '', fields }).filter((b) => b.type === 'section');
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
  });

  it('renders context lines as a context block', () => {
    const blocks = blocksOf({ text: 'x', context: ['Request req-42', 'SANDBOX'] });
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Request req-42' },
        { type: 'mrkdwn', text: 'SANDBOX' },
      ],
    });
  });

  it('renders action buttons with unique action ids and values, and link buttons with url', () => {
    const blocks = blocksOf({
      text: 'Pick a plan',
      buttons: [
        { kind: 'action', action: 'pick_plan', value: '1', label: 'Basic' },
        { kind: 'action', action: 'pick_plan', value: '2', label: 'Pro', style: 'primary' },
        { kind: 'link', url: 'https://checkout.stripe.com/c/pay/cs_test_1', label: 'Pay $50.00' },
      ],
    });
    const elements = blocks.at(-1)?.elements as AnyBlock[];
    expect(elements).toEqual([
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Basic', emoji: true },
        action_id: 'pick_plan~0',
        value: '1',
      },
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Pro', emoji: true },
        action_id: 'pick_plan~1',
        value: '2',
        style: 'primary',
      },
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Pay $50.00', emoji: true },
        url: 'https://checkout.stripe.com/c/pay/cs_test_1',
        action_id: 'open_link~2',
      },
    ]);
  });

  it('puts at most 25 buttons in one actions block', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      kind: 'action' as const,
      action: 'pick_plan' as const,
      value: String(i),
      label: `Plan ${i}`,
    }));
    const actions = blocksOf({ text: '', buttons }).filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
    expect(new Set(actions.map((a) => a.block_id)).size).toBe(2);
  });

  it('respects the text limits: section 3000, header 150, button label 75; drops an over-long button value', () => {
    const blocks = blocksOf({
      title: 't'.repeat(400),
      text: 'a'.repeat(5000),
      buttons: [
        { kind: 'action', action: 'approve', value: 'v'.repeat(2001), label: 'Too long' },
        { kind: 'action', action: 'deny', value: 'req-1', label: 'L'.repeat(100) },
      ],
    });
    expect(blocks[0]?.text.text.length).toBe(150);
    expect(blocks[1]?.text.text.length).toBe(3000);
    expect(blocks[1]?.text.text.endsWith('…')).toBe(true);
    const elements = blocks.at(-1)?.elements as AnyBlock[];
    expect(elements).toHaveLength(1);
    expect(elements[0]?.text.text.length).toBe(75);
  });

  it('never cuts a mention or an escape entity in half', () => {
    expect(truncate(`${'a'.repeat(8)}<@U0ALICE> tail`, 12)).toBe(`${'a'.repeat(8)}…`);
    expect(truncate(`${'a'.repeat(9)}&amp; tail`, 12)).toBe(`${'a'.repeat(9)}…`);
    expect(truncate(`${'a'.repeat(10)}😀😀`, 12)).toBe(`${'a'.repeat(10)}…`);
  });

  it('keeps a message within 50 blocks, buttons included', () => {
    const fields = Array.from({ length: 80 }, (_, i) => ({ label: `f${i}`, value: 'x' }));
    const blocks = blocksOf({
      text: 'many',
      fields,
      buttons: [{ kind: 'action', action: 'dismiss', value: 'x', label: 'OK' }],
    });
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)?.type).toBe('actions');
  });
});

describe('mentions and escaping', () => {
  it('renders the approvers token as user and user-group mentions', () => {
    expect(render({ text: `${MENTION_APPROVERS} please review` }).blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<@U0APPROVER> <!subteam^S0FINANCE> please review' },
    });
  });

  it('shows <!channel>, <!here>, @everyone and links in a note literally, pinging nobody', () => {
    const note = sanitizeUserText('<!channel> <!here> @everyone @channel <https://evil.example|click> & more');
    const out = render({ text: `Note: ${note}`, fields: [{ label: 'Note', value: note }] });
    const all = JSON.stringify(out);
    expect(all).not.toMatch(/<!channel>|<!here>|<https:/);
    expect(all).not.toMatch(/@everyone|@channel/);
    expect((out.blocks[0] as AnyBlock).text.text).toBe(
      'Note: &lt;!channel&gt; &lt;!here&gt; @\u2060everyone @\u2060channel &lt;https://evil.example|click&gt; &amp; more',
    );
    expect(out.text).toContain('&lt;!channel&gt;');
    expect(out.text).not.toContain('<!channel>');
  });

  it('cannot be tricked into a mention by a note that imitates a token', () => {
    const note = sanitizeUserText('\u27E6user:U0BOSS\u27E7 \u27E6approvers\u27E7');
    const text = (render({ text: note }).blocks[0] as AnyBlock).text.text as string;
    expect(text).not.toContain('<@');
    expect(text).not.toContain('subteam');
  });

  it('escapes field labels and titles in the fallback text too', () => {
    const out = render({ title: 'A <b> title', text: '', fields: [{ label: '<x>', value: 'y' }] });
    expect(out.text).toBe('A &lt;b&gt; title\n&lt;x&gt;: y');
  });

  it('escapes only the three characters Slack parses', () => {
    expect(escapeSlackText('*bold* _it_ 5 > 3 & 2 < 4')).toBe('*bold* _it_ 5 &gt; 3 &amp; 2 &lt; 4');
  });

  it('renders a mention as <@U…> in the fallback so notifications name the person', () => {
    expect(render({ text: `Approved by ${mentionUser('U0BOB')}` }).text).toBe('Approved by <@U0BOB>');
  });
});
