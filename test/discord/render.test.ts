import { ButtonStyle } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { renderReply, truncate } from '../../adapters/discord/index.ts';
import { MENTION_APPROVERS, mentionUser, type Reply } from '../../src/core/shared/reply.ts';
import { captureLogger } from './helpers.ts';

const ROLE = '1234567890123456789';
const render = (reply: Reply, options: { noRole?: boolean } = {}) => {
  const logger = captureLogger();
  return { out: renderReply(reply, { approverRoleId: options.noRole ? undefined : ROLE, logger }), logger };
};

describe('renderReply', () => {
  test("a server's several approver roles are all pinged, and only they; a non-id never pings", () => {
    const other = '1234567890123456790';
    const out = renderReply(
      { text: `${MENTION_APPROVERS} alice asks for $50` },
      { approverRoleId: ROLE, approverRoleIds: [other, '@everyone', ROLE], logger: captureLogger() },
    );
    expect(out.content).toBe(`<@&${other}> <@&${ROLE}>`);
    expect(out.allowed_mentions).toMatchObject({ parse: [], roles: [other, ROLE] });
    // An empty list (Manage Server approves in that server) pings no role, whatever the default.
    const none = renderReply(
      { text: `${MENTION_APPROVERS} alice asks for $50` },
      { approverRoleId: ROLE, approverRoleIds: [], logger: captureLogger() },
    );
    expect(none.content).toBe('');
    expect(none.allowed_mentions.roles).toEqual([]);
  });

  test('maps title, text, fields, context and tone onto one embed', () => {
    const { out } = render({
      title: 'Fund request',
      text: 'Top up of $50.00',
      fields: [
        { label: 'Amount', value: '$50.00', short: true },
        { label: 'Note', value: 'eval run' },
      ],
      context: ['Request r-1', 'SANDBOX'],
      tone: 'success',
    });
    expect(out.embeds).toEqual([
      {
        color: 0x57f287,
        title: 'Fund request',
        description: 'Top up of $50.00',
        fields: [
          { name: 'Amount', value: '$50.00', inline: true },
          { name: 'Note', value: 'eval run', inline: false },
        ],
        footer: { text: 'Request r-1\nSANDBOX' },
      },
    ]);
  });

  test('a reply addressed to someone ("@payer, …") may ping that person, nobody merely named', () => {
    const payer = '1300000000000000123';
    const other = '1300000000000000456';
    const addressed = render({ text: `${mentionUser(payer)}, your DMs are closed. Ask ${mentionUser(other)}.` }).out;
    expect(addressed.content).toBe(`<@${payer}>`);
    expect(addressed.allowed_mentions).toEqual({ parse: [], roles: [], users: [payer], replied_user: false });

    const named = render({
      text: `${mentionUser(payer)} asks to add funds. ${MENTION_APPROVERS}: please approve.`,
    }).out;
    expect(named.content).toBe(`<@&${ROLE}>`);
    expect(named.allowed_mentions).toEqual({ parse: [], roles: [ROLE], users: [], replied_user: false });

    // Not a Discord user id (a forged or foreign token): shown as text, pings nobody.
    const forged = render({ text: `${mentionUser('everyone')}, hello @here` }).out;
    expect(forged.content).toBe('');
    expect(forged.allowed_mentions.users).toEqual([]);
    expect(JSON.stringify(forged)).not.toMatch(/@(everyone|here)/);
  });

  test('pings the approver role through content and allows only that role', () => {
    const { out } = render({
      text: `${MENTION_APPROVERS} please review a request from ${mentionUser('987654321098765432')}`,
    });
    expect(out.content).toBe(`<@&${ROLE}>`);
    expect(out.embeds[0]?.description).toBe(`<@&${ROLE}> please review a request from <@987654321098765432>`);
    expect(out.allowed_mentions).toEqual({ parse: [], roles: [ROLE], users: [], replied_user: false });
  });

  test('without an approver role the approvers token renders as nothing and nothing may ping', () => {
    const { out } = render({ text: `${MENTION_APPROVERS} please review` }, { noRole: true });
    expect(out.content).toBe('');
    expect(out.embeds[0]?.description).toBe(' please review');
    expect(out.allowed_mentions.roles).toEqual([]);
  });

  test('literal @everyone, @here, user mentions and masked links in a note cannot ping or disguise', () => {
    const { out } = render({
      text: 'note: @everyone @here <@111111111111111111> [pay](https://evil.example) **bold**',
      context: ['@everyone'],
    });
    const description = out.embeds[0]?.description ?? '';
    expect(description).not.toMatch(/@everyone|@here|<@\d/);
    expect(description).toContain('@\u200Deveryone');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).toContain('\\[pay\\]');
    expect(out.embeds[0]?.footer?.text).toBe('@\u200Deveryone');
    expect(out.allowed_mentions.parse).toEqual([]);
  });

  test('URLs are left intact by the markdown escaper', () => {
    const { out } = render({ text: 'See https://example.com/a_b*c for details_now' });
    expect(out.embeds[0]?.description).toBe('See https://example.com/a_b*c for details\\_now');
  });

  test('respects Discord limits: description 4096, field value 1024, 25 fields, 6000 in total', () => {
    const { out } = render({
      title: 'T'.repeat(300),
      text: 'x'.repeat(5000),
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2000) })),
    });
    const embed = out.embeds[0];
    expect(embed?.title?.length).toBe(256);
    expect(embed?.description?.length).toBeLessThanOrEqual(4096);
    expect(embed?.description?.endsWith('…')).toBe(true);
    expect(embed?.fields?.length).toBeLessThanOrEqual(25);
    for (const f of embed?.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    const total =
      (embed?.title?.length ?? 0) +
      (embed?.description?.length ?? 0) +
      (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  test('buttons: custom_id is action:value, 5 per row, at most 5 rows, link buttons carry a URL', () => {
    const { out } = render({
      text: 'x',
      buttons: [
        { kind: 'action', action: 'approve', value: 'r-1', label: 'Approve', style: 'primary' },
        { kind: 'action', action: 'deny', value: 'r-1', label: 'Deny', style: 'danger' },
        { kind: 'link', url: 'https://pay.example/cs_1', label: 'Pay' },
        ...Array.from({ length: 30 }, (_, i) => ({
          kind: 'action' as const,
          action: 'pick_plan' as const,
          value: `${i}`,
          label: `Plan ${i}`,
        })),
      ],
    });
    expect(out.components.length).toBe(5);
    for (const row of out.components) expect(row.components.length).toBeLessThanOrEqual(5);
    const [approve, deny, link] = out.components[0]?.components ?? [];
    expect(approve).toMatchObject({ custom_id: 'approve:r-1', style: ButtonStyle.Primary, label: 'Approve' });
    expect(deny).toMatchObject({ custom_id: 'deny:r-1', style: ButtonStyle.Danger });
    expect(link).toMatchObject({ url: 'https://pay.example/cs_1', style: ButtonStyle.Link });
  });

  test('a custom_id over 100 characters is not rendered, and is logged', () => {
    const { out, logger } = render({
      text: 'x',
      buttons: [
        { kind: 'action', action: 'coupon_redeem', value: 'C'.repeat(100), label: 'Redeem' },
        { kind: 'action', action: 'dismiss', value: '', label: 'Dismiss' },
      ],
    });
    expect(out.components.flatMap((r) => r.components)).toEqual([
      expect.objectContaining({ custom_id: 'dismiss:', label: 'Dismiss' }),
    ]);
    expect(logger.lines.some((l) => l.level === 'warn' && /custom_id/.test(l.msg))).toBe(true);
  });

  test('an attachment becomes a file upload', () => {
    const { out } = render({
      text: 'Audit export',
      attachment: { filename: 'audit.csv', contentType: 'text/csv', content: 'a,b\n1,2\n' },
    });
    expect(out.files).toEqual([{ name: 'audit.csv', contentType: 'text/csv', data: Buffer.from('a,b\n1,2\n') }]);
  });
});

describe('truncate', () => {
  test('never splits a surrogate pair, an escape or a mention', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('abc\\*def', 5)).toBe('abc…');
    expect(truncate('hi <@&123456789012345678> there', 10)).toBe('hi …');
    expect(truncate('short', 10)).toBe('short');
  });
});
