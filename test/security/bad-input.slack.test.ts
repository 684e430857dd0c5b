/**
 * Bad input as a table, through the real Slack adapter (signed requests into real Bolt), the real
 * engine, the watcher and the simulator. Each case gets a clear answer, and a case that should
 * change nothing leaves the store, the simulator and the channel exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { ALICE, BOB, CAROL, CHANNEL, linkUrl, MALLORY, SlackApp } from '../slack/harness.ts';
import { command, forgeClick, type Probe, snapshot } from './support/slack-probe.ts';

let app: SlackApp;
const ids = { pending: '', denied: '', paid: '', approved: '' };
const cards: Record<keyof typeof ids, StoredMessage | undefined> = {
  pending: undefined,
  denied: undefined,
  paid: undefined,
  approved: undefined,
};

function newestCard(): StoredMessage {
  const card = app.cards().at(-1);
  if (!card) throw new Error('no card');
  return card;
}
function idOf(card: StoredMessage): string {
  const value = JSON.stringify(card.versions[0]?.blocks ?? []).match(/"value":"(r[a-z0-9]+)"/)?.[1];
  if (!value) throw new Error('no request id on the card');
  return value;
}

beforeAll(async () => {
  app = await SlackApp.start({ policy: { newRequestLimit: { count: 1000, windowMs: 60_000 } } });
  await command(app, ALICE, '/ml-fund', '50 pending');
  cards.pending = newestCard();
  ids.pending = idOf(cards.pending);
  await command(app, ALICE, '/ml-fund', '20 to be denied');
  cards.denied = newestCard();
  ids.denied = idOf(cards.denied);
  // Deny's button opens the reason form now (test/slack/fund-forms.test.ts); typed, it denies at once.
  await command(app, BOB, '/ml', `deny ${ids.denied}`);
  await command(app, ALICE, '/ml-fund', '40 approved, unpaid');
  cards.approved = newestCard();
  ids.approved = idOf(cards.approved);
  await app.click(BOB, cards.approved, 'Approve');
  await command(app, ALICE, '/ml-fund', '30 to be paid');
  cards.paid = newestCard();
  ids.paid = idOf(cards.paid);
  await app.click(BOB, cards.paid, 'Approve');
  await app.settle();
  const dm = app.dms(ALICE).at(-1);
  if (!dm) throw new Error('no DM');
  app.sim.controls.markPaid(linkUrl(dm).split('/checkout/')[1] ?? '');
  await app.fake.waitFor(() => cards.paid && app.thread(cards.paid).length === 1, 3000, 'receipt');
  // Wait for the last side effect of the payment (the DM edit) so the cases start from rest.
  for (let i = 0; i < 300; i++) {
    const paid = await app.stores.requests.get(ids.paid);
    if (paid?.attempts[0]?.dmState === 'paid' && paid.cardState === 'paid') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await app.settle();
}, 20_000);

afterAll(async () => {
  await app?.close();
});

type Change = 'nothing' | 'new request';

interface Case {
  readonly name: string;
  readonly run: () => Promise<Probe>;
  /** What the actor is told. */
  readonly answer: RegExp;
  readonly changes: Change;
  /** For accepted input: what the new card must (not) show. */
  readonly card?: (card: StoredMessage) => void;
}

const fund =
  (text: string, user = ALICE) =>
  () =>
    command(app, user, '/ml-fund', text);
const click =
  (action: string, value: () => string, user = MALLORY, card?: () => StoredMessage | undefined) =>
  () =>
    forgeClick(app, user, action, value(), card?.());

const REFUSED_AMOUNT = /amount|number|dollar|usage|\/ml-fund/i;
const NOT_FOUND = /can.t find request/i;
const NOT_ALLOWED = /approver|not allowed|only|cannot|can't|permission/i;

const cardShows = (card: StoredMessage) => `${card.text}\n${JSON.stringify(card.blocks)}`;

const CASES: Case[] = [
  // ------------------------------------------------------------- malformed amounts
  // No text at all opens the fund form instead (test/slack/fund-forms.test.ts).
  { name: 'no amount, only a dollar sign', run: fund('$'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'words for an amount', run: fund('fifty dollars'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'negative amount', run: fund('-50'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'zero', run: fund('0'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'three decimals', run: fund('10.999'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'below the $10 minimum', run: fund('9.99'), answer: /10/, changes: 'nothing' },
  { name: 'above the maximum', run: fund('1000000'), answer: /1,?000/, changes: 'nothing' },
  { name: 'exponent notation', run: fund('1e3'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'hex', run: fund('0x32'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'NaN', run: fund('NaN'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'Infinity', run: fund('Infinity'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'full-width digits', run: fund('５０'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'zero-width space inside the amount', run: fund('5\u200b0'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  // "1,000" is read as the bot writes it (test/core/request-texts.test.ts); a stray comma is not.
  { name: 'an ambiguous comma in the amount', run: fund('1,00'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  { name: 'a mention where the amount goes', run: fund('<!channel> 50'), answer: REFUSED_AMOUNT, changes: 'nothing' },
  // ------------------------------------------------------------- notes: accepted, rendered inert
  {
    name: 'huge note (20,000 chars) is refused with the rule',
    run: fund(`25 ${'x'.repeat(20_000)}`),
    answer: /Notes are at most 200 characters; yours has 20,000\./,
    changes: 'nothing',
  },
  {
    name: 'control characters are dropped',
    run: fund('25 bell\u0007 nul\u0000 esc\u001b[31m red'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toMatch(/[\u0000-\u0008\u000b-\u001f]|\\u000[0-8]|\\u001b/),
  },
  {
    name: 'right-to-left override is dropped',
    run: fund('25 pay \u202E01$ yap\u202C now'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toMatch(/\u202E|\\u202e/i),
  },
  {
    name: '<!channel> in a note pings nobody',
    run: fund('25 hey <!channel> look'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toContain('<!channel>'),
  },
  {
    name: '<!here> and <!everyone> in a note ping nobody',
    run: fund('25 <!here> <!everyone>'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toMatch(/<!here>|<!everyone>/),
  },
  {
    name: '@everyone / @channel typed bare stay inert',
    run: fund('25 @everyone @channel @here'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toMatch(/@(everyone|channel|here)\b/),
  },
  {
    name: '<@U0BOB> in a note is not a mention',
    run: fund('25 ask <@U0BOB> to approve'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toContain('<@U0BOB>'),
  },
  {
    name: 'user-group mention in a note is not a mention',
    run: fund('25 <!subteam^S0FINANCE>'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(card.text.match(/<!subteam\^S0FINANCE>/g) ?? []).toHaveLength(1),
  },
  {
    name: 'forged ⟦approvers⟧ token pings approvers no extra time',
    run: fund('25 ⟦approvers⟧ ⟦user:U0MALLORY⟧'),
    answer: /./,
    changes: 'new request',
    card: (card) => {
      expect(cardShows(card)).not.toContain('<@U0MALLORY>');
      expect(card.text.match(/<@U0CAROL>/g) ?? []).toHaveLength(1);
    },
  },
  {
    name: 'a link in a note is not clickable markup',
    run: fund('25 <https://evil.example/pay|Pay here>'),
    answer: /./,
    changes: 'new request',
    card: (card) => expect(cardShows(card)).not.toContain('<https://evil.example'),
  },
  // ------------------------------------------------------------- other commands
  {
    name: 'unknown /ml sub-command',
    run: () => command(app, ALICE, '/ml', 'transfer 500 to U0MALLORY'),
    answer: /help|unknown|not a command|try/i,
    changes: 'nothing',
  },
  {
    name: 'subscribe to an unknown plan',
    run: () => command(app, ALICE, '/ml-subscribe', '999999'),
    answer: /plan/i,
    changes: 'nothing',
  },
  {
    name: 'subscribe to a plan named <!channel>',
    run: () => command(app, ALICE, '/ml-subscribe', '<!channel>'),
    answer: /plan/i,
    changes: 'nothing',
  },
  {
    name: 'cancel an unknown request by command',
    run: () => command(app, ALICE, '/ml', 'cancel rnotarequest'),
    answer: NOT_FOUND,
    changes: 'nothing',
  },
  {
    name: "cancel someone else's request by command",
    run: () => command(app, MALLORY, '/ml', `cancel ${ids.pending}`),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  // ------------------------------------------------------------- forged and misplaced clicks
  {
    name: 'approve an unknown request id',
    run: click('approve', () => 'rnotarequest', BOB),
    answer: NOT_FOUND,
    changes: 'nothing',
  },
  { name: 'approve with an empty value', run: click('approve', () => '', BOB), answer: NOT_FOUND, changes: 'nothing' },
  {
    name: 'approve with a 2,000-char value',
    run: click('approve', () => 'r'.repeat(2000), BOB),
    answer: NOT_FOUND,
    changes: 'nothing',
  },
  {
    name: 'approve with a path-like value',
    run: click('approve', () => `../${ids.pending}`, BOB),
    answer: NOT_FOUND,
    changes: 'nothing',
  },
  {
    name: 'approve with a key-injection value',
    run: click('approve', () => `${ids.pending}:*`, BOB),
    answer: NOT_FOUND,
    changes: 'nothing',
  },
  {
    name: 'approve by someone who is not an approver',
    run: click(
      'approve',
      () => ids.pending,
      MALLORY,
      () => cards.pending,
    ),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  {
    name: 'the requester approves their own request',
    run: click(
      'approve',
      () => ids.pending,
      ALICE,
      () => cards.pending,
    ),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  {
    name: 'deny by someone who is not an approver',
    run: click(
      'deny',
      () => ids.pending,
      MALLORY,
      () => cards.pending,
    ),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  {
    name: "cancel someone else's request",
    run: click(
      'cancel',
      () => ids.pending,
      MALLORY,
      () => cards.pending,
    ),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  {
    name: 'new link on a request that is not expired',
    run: click('new_link', () => ids.approved, ALICE),
    answer: /./,
    changes: 'nothing',
  },
  {
    name: 'approve a denied request',
    run: click(
      'approve',
      () => ids.denied,
      BOB,
      () => cards.denied,
    ),
    answer: /denied/i,
    changes: 'nothing',
  },
  {
    name: 'approve a paid request',
    run: click(
      'approve',
      () => ids.paid,
      CAROL,
      () => cards.paid,
    ),
    answer: /paid/i,
    changes: 'nothing',
  },
  {
    name: 'deny a paid request',
    run: click(
      'deny',
      () => ids.paid,
      CAROL,
      () => cards.paid,
    ),
    answer: /paid/i,
    changes: 'nothing',
  },
  {
    name: 'cancel a paid request',
    run: click(
      'cancel',
      () => ids.paid,
      ALICE,
      () => cards.paid,
    ),
    answer: /paid/i,
    changes: 'nothing',
  },
  {
    name: 'approve an approved request again',
    run: click(
      'approve',
      () => ids.approved,
      CAROL,
      () => cards.approved,
    ),
    answer: /approved|already/i,
    changes: 'nothing',
  },
  // Slack only sends action ids the bot rendered; a forged unknown one is acked and ignored.
  {
    name: 'an action the bot never renders',
    run: click('transfer', () => ids.pending, BOB),
    answer: /^\s*$/,
    changes: 'nothing',
  },
  {
    name: 'approve by a user nobody configured',
    run: click(
      'approve',
      () => ids.pending,
      'U0STRANGER',
      () => cards.pending,
    ),
    answer: NOT_ALLOWED,
    changes: 'nothing',
  },
  {
    name: 'pick a plan with a forged id',
    run: click('pick_plan', () => '-1', ALICE),
    answer: /plan/i,
    changes: 'nothing',
  },
  {
    name: 'pick a plan with a non-numeric id',
    run: click('pick_plan', () => '<!channel>', ALICE),
    answer: /plan/i,
    changes: 'nothing',
  },
  {
    name: 'forged sub_confirm (cancel a subscription)',
    run: click('sub_confirm', () => 'cancel:600', MALLORY),
    answer: /./,
    changes: 'nothing',
  },
  { name: 'forged topup value', run: click('topup', () => '-100000', MALLORY), answer: /./, changes: 'nothing' },
];

describe('bad input through Slack', () => {
  it.each(CASES)('$name', async (c) => {
    const before = await snapshot(app);
    const cardsBefore = app.cards().length;
    const probe = await c.run();
    if (process.env.SHOW_ANSWERS)
      console.log(`${c.name} => ${JSON.stringify(probe.answer.replace(/\[\{"type".*$/s, '').slice(0, 260))}`);
    expect(probe.delivery.status).toBe(200);
    expect(probe.answer, `answer to "${c.name}"`).toMatch(c.answer);
    if (c.changes === 'nothing') {
      expect(await snapshot(app), `"${c.name}" changed something`).toBe(before);
    } else {
      expect(app.cards().length).toBe(cardsBefore + 1);
      c.card?.(app.cards().at(-1) as StoredMessage);
    }
    // Nothing the bot wrote anywhere outside a DM carries a payment URL.
    for (const m of app.fake.messages()) {
      if (!m.channel.startsWith('D')) expect(JSON.stringify(m.versions)).not.toContain('/checkout/cs_');
    }
  });

  // Bug 2 (docs/reliability.md), fixed: anyone could click a forged "I've paid" on someone else's
  // request and nudge the watcher, spending the shared 15-a-minute billing budget. paidAction
  // now refuses actors other than the payer.
  it('"I\'ve paid" from someone who is not the payer is refused and changes nothing', async () => {
    const before = await snapshot(app);
    // Even claiming the payer's own DM as the clicked message.
    const dm = app.dms(ALICE).find((m) => JSON.stringify(m.blocks).includes(ids.approved));
    const probe = await forgeClick(app, MALLORY, 'paid', ids.approved, dm);
    expect(probe.answer).toMatch(/only the payer|payer/i);
    expect(await snapshot(app)).toBe(before);
    expect((await app.stores.requests.get(ids.approved))?.attempts[0]?.paidClickedAt).toBeUndefined();
  });

  it('a replayed slash command (same trigger_id) opens one request', async () => {
    const before = app.cards().length;
    const triggerId = `replay.${Date.now()}.cmd`;
    await command(app, ALICE, '/ml-fund', '33 replayed', { triggerId });
    const again = await command(app, ALICE, '/ml-fund', '33 replayed', { triggerId });
    expect(again.delivery.status).toBe(200);
    expect(app.cards().length).toBe(before + 1);
  });

  it('a replayed Approve click (same trigger_id) approves once and creates one checkout session', async () => {
    await command(app, ALICE, '/ml-fund', '34 replayed click');
    const card = newestCard();
    const id = idOf(card);
    const sessions = app.sim.state.sessions().length;
    const triggerId = `replay.${Date.now()}.click`;
    await forgeClick(app, BOB, 'approve', id, card, { triggerId });
    await forgeClick(app, BOB, 'approve', id, card, { triggerId });
    expect(app.sim.state.sessions().length).toBe(sessions + 1);
    expect((await app.stores.requests.get(id))?.attempts).toHaveLength(1);
    expect(app.dms(ALICE).filter((m) => JSON.stringify(m.versions[0]?.blocks).includes(id))).toHaveLength(1);
  });

  it('two approvers clicking at once create one checkout session and one DM', async () => {
    await command(app, ALICE, '/ml-fund', '35 race');
    const card = newestCard();
    const id = idOf(card);
    const sessions = app.sim.state.sessions().length;
    await Promise.all([forgeClick(app, BOB, 'approve', id, card), forgeClick(app, CAROL, 'approve', id, card)]);
    await app.settle();
    expect(app.sim.state.sessions().length).toBe(sessions + 1);
    expect(app.dms(ALICE).filter((m) => JSON.stringify(m.versions[0]?.blocks).includes(id))).toHaveLength(1);
    expect(app.fake.message(CHANNEL, card.ts)?.text).toMatch(/Approved by <@U0(BOB|CAROL)>/);
  });
});
