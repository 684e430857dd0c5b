/**
 * The engine's forms through the real Slack adapter and the fake Slack: `/ml-fund` with no text,
 * the two shortcuts, the Deny reason and `/ml coupon` with no code each open a modal with the
 * trigger they came with (the fake refuses a trigger older than 3 s or used twice); a bad value
 * is answered inline in the ack (`response_action: errors`) and changes nothing; a good one acts.
 */
import { afterEach, expect, it } from 'vitest';
import { submitView } from '../../fakes/slack/driver.ts';
import { sendShortcut } from '../../fakes/slack/shortcuts.ts';
import type { OpenedView } from '../../fakes/slack/workspace.ts';
import { ALERTS, ALICE, BOB, CHANNEL, MALLORY, SIGNING_SECRET, SlackApp, visibleText } from './harness.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const sign = { secret: SIGNING_SECRET };
type Blocks = Array<{ type: string; block_id?: string; element?: Record<string, unknown>; hint?: { text: string } }>;

function lastView(a: SlackApp): OpenedView {
  const view = a.fake.workspace.views().at(-1);
  if (!view) throw new Error('no modal opened');
  return view;
}
const blocksOf = (v: OpenedView) => v.view.blocks as Blocks;
const input = (v: OpenedView, id: string) => blocksOf(v).find((b) => b.block_id === id);
const text = (value: string) => ({ type: 'plain_text_input', value });

async function submit(a: SlackApp, view: OpenedView, userId: string, values: Record<string, Record<string, unknown>>) {
  const res = await submitView(a.botUrl, { view, userId, values }, sign);
  await a.settle();
  return { status: res.status, ms: res.ms, ack: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
}

it('/ml-fund with no text opens the fund modal at once; a bad amount is refused inline, a good one opens the request with another member paying', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml-fund', '');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:fund');
  expect(
    blocksOf(view)
      .filter((b) => b.type === 'input')
      .map((b) => b.block_id),
  ).toEqual(['amount', 'note', 'payer']);
  expect(input(view, 'amount')?.hint?.text).toBe('From $10.00 to $1,000.00, at most 2 decimals, e.g. 50 or 50.25.');
  expect(input(view, 'payer')?.element?.type).toBe('multi_users_select');

  const bad = await submit(app, view, ALICE, { amount: text('12.345'), note: text(''), payer: {} });
  expect(bad.ack).toEqual({
    response_action: 'errors',
    errors: { amount: 'Amounts can have at most 2 decimals (cents).' },
  });
  // The errors are the ack itself: Slack waits 3 s for it.
  expect(bad.ms).toBeLessThan(3_000);
  const two = await submit(app, view, ALICE, {
    amount: text('50'),
    note: text('eval run'),
    payer: { type: 'multi_users_select', selected_users: [MALLORY, BOB] },
  });
  expect(two.ack).toEqual({
    response_action: 'errors',
    errors: { payer: 'Pick one member to pay (or none to pay yourself).' },
  });
  expect(app.cards()).toHaveLength(0);

  const ok = await submit(app, view, ALICE, {
    amount: text('50'),
    note: text('eval run'),
    payer: { type: 'multi_users_select', selected_users: [MALLORY] },
  });
  expect(ok.ack).toEqual({});
  const [card] = app.cards();
  if (!card) throw new Error('no card');
  expect(visibleText(card)).toContain('eval run');
  expect(visibleText(card)).toContain(`<@${MALLORY}> pays.`);
  await app.click(BOB, card, 'Approve');
  await app.settle();
  const [dm] = app.dms(MALLORY);
  expect(visibleText(dm ?? { text: '', blocks: [] })).toContain('/checkout/');
  expect(app.dms(ALICE).some((m) => visibleText(m).includes('/checkout/'))).toBe(false);
});

it('the global shortcut asks for the channel (refused inline without one) and remembers it next time', async () => {
  app = await SlackApp.start();
  const res = await sendShortcut(app.botUrl, { callbackId: 'mlbot_fund', userId: ALICE }, sign);
  expect(res.status).toBe(200);
  await app.settle();
  const first = lastView(app);
  expect(first.view.callback_id).toBe('mlbot_form:fund');
  expect(input(first, 'channel')?.element).toMatchObject({ type: 'conversations_select' });
  expect(input(first, 'channel')?.element?.initial_conversation).toBeUndefined();

  const none = await submit(app, first, ALICE, {
    amount: text('25'),
    channel: { type: 'conversations_select', selected_conversation: null },
  });
  expect(none.ack).toEqual({
    response_action: 'errors',
    errors: { channel: 'Pick the channel where the request is posted.' },
  });
  await submit(app, first, ALICE, {
    amount: text('25'),
    channel: { type: 'conversations_select', selected_conversation: CHANNEL },
  });
  expect(app.cards(CHANNEL)).toHaveLength(1);

  await sendShortcut(app.botUrl, { callbackId: 'mlbot_fund', userId: ALICE }, sign);
  await app.settle();
  expect(input(lastView(app), 'channel')?.element?.initial_conversation).toBe(CHANNEL);
});

it('"Fund from this message" prefills the note from the message, as plain text, and posts the request in that channel', async () => {
  app = await SlackApp.start();
  await sendShortcut(
    app.botUrl,
    {
      callbackId: 'mlbot_fund_from_message',
      userId: ALICE,
      message: {
        channelId: 'C0EVALS',
        ts: '1700000000.000100',
        text: '<@U0BOB> GPU credits for <https://x.example/e|the eval> &amp; more',
      },
    },
    sign,
  );
  await app.settle();
  const view = lastView(app);
  expect(input(view, 'note')?.element?.initial_value).toBe('@U0BOB GPU credits for the eval & more');
  expect(input(view, 'channel')).toBeUndefined();
  await submit(app, view, ALICE, { amount: text('30'), note: text('GPU credits for the eval') });
  const [card] = app.cards('C0EVALS');
  expect(card && visibleText(card)).toContain('GPU credits for the eval');
});

it('Deny opens the reason modal; a too-long reason is refused inline; the reason denies it and the requester is told who and why', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml-fund', '80 training');
  await app.settle();
  const [card] = app.cards();
  if (!card) throw new Error('no card');
  await app.click(BOB, card, 'Deny');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:deny');
  expect(input(view, 'reason')?.hint?.text).toMatch(/Optional, up to 200 characters/);
  const long = await submit(app, view, BOB, { reason: text('x'.repeat(201)) });
  expect(long.ack).toMatchObject({
    response_action: 'errors',
    errors: { reason: expect.stringMatching(/at most 200/) },
  });
  expect(app.dms(ALICE)).toHaveLength(0);

  // Someone who may not decide cannot use the form either: the submitter is checked again.
  const forged = await submit(app, view, MALLORY, { reason: text('no') });
  expect(forged.ack).toEqual({});
  expect(app.dms(ALICE)).toHaveLength(0);

  await submit(app, view, BOB, { reason: text('over the monthly budget') });
  const [dm] = app.dms(ALICE);
  expect(visibleText(dm ?? { text: '', blocks: [] })).toMatch(
    /was denied by <@U0BOB>\. Reason: over the monthly budget\./,
  );
  const edited = app.fake.messages(CHANNEL).find((m) => m.ts === card.ts);
  expect(visibleText(edited ?? card)).toMatch(/[Dd]enied/);
});

it('/ml coupon with no code opens the coupon modal; a malformed code is refused inline', async () => {
  app = await SlackApp.start();
  await app.command(ALICE, '/ml', 'coupon');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:coupon');
  const bad = await submit(app, view, ALICE, { code: text('not a code!') });
  expect(bad.ack).toEqual({
    response_action: 'errors',
    errors: { code: 'Coupon codes are letters, digits, "-" and "_" (up to 40).' },
  });
});

it('"Custom amount" on the low-balance alert opens the amount modal, prefilled; the amount opens a top-up request', async () => {
  app = await SlackApp.start();
  const monitor = app.lowBalanceMonitor(1000);
  app.sim.controls.setBalance(5);
  expect(await monitor.checkOnce()).toBe('alerted');
  const [alert] = app.cards(ALERTS);
  if (!alert) throw new Error('no alert');
  await app.click(ALICE, alert, 'Custom amount');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:topup_amount');
  expect(input(view, 'amount')?.element?.initial_value).toBe('20.00');
  const bad = await submit(app, view, ALICE, { amount: text('2000000') });
  expect(bad.ack).toMatchObject({ response_action: 'errors', errors: { amount: expect.stringMatching(/at most/) } });
  await submit(app, view, ALICE, { amount: text('35') });
  const card = app.cards(ALERTS).find((m) => visibleText(m).includes('low-balance top-up'));
  expect(card && visibleText(card)).toContain('$35.00');
});
