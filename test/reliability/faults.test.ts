/**
 * Faults on every side, in-process on the real adapters, engine, watcher and simulator (fast
 * watcher timings from the Slack and Discord harnesses): ModelsLab 5xx bursts, a hung call,
 * malformed bodies and 429 storms; Slack and Discord 429 and 500 on posts. The bot keeps
 * answering, tells people when ModelsLab is unavailable, posts every receipt eventually and the
 * wallet is credited exactly once per payment.
 */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { type DiscordApp, startDiscordApp } from '../discord/harness.ts';
import { ALICE, BOB, CAROL, linkUrl, SlackApp } from '../slack/harness.ts';

let slack: SlackApp | undefined;
let discord: DiscordApp | undefined;
afterEach(async () => {
  await slack?.close();
  await discord?.close();
  slack = undefined;
  discord = undefined;
});

// The DM as first posted: later edits (paid, expired) drop the link button.
const sessionOf = (dm: StoredMessage) => linkUrl({ blocks: dm.versions[0]?.blocks ?? [] }).split('/checkout/')[1] ?? '';
const told = (app: SlackApp, id: string) =>
  app.fake
    .responses(id)
    .map((r) => String(r.body.text ?? ''))
    .join('\n');

async function requestToDm(
  app: SlackApp,
  user: string,
  amount: number,
): Promise<{ card: StoredMessage; dm: StoredMessage }> {
  await app.command(user, '/ml-fund', `${amount} faults`);
  await app.settle();
  const card = app.cards().at(-1) as StoredMessage;
  await app.click(BOB, card, 'Approve');
  await app.settle();
  const dm = await app.fake.waitFor(() => app.dms(user).at(-1), 3000, 'DM');
  return { card, dm };
}

async function payAndGetReceipt(app: SlackApp, user: string, card: StoredMessage, dm: StoredMessage) {
  app.sim.controls.markPaid(sessionOf(dm));
  await app.click(user, dm, "I've paid");
  return app.fake.waitFor(() => app.thread(card).length > 0, 8000, 'receipt');
}

it('a 5xx burst while creating the link: the approver is told, the approval is kept, one session once ModelsLab is back', async () => {
  slack = await SlackApp.start();
  const app = slack;
  await app.command(ALICE, '/ml-fund', '50 burst');
  await app.settle();
  const card = app.cards()[0] as StoredMessage;
  app.sim.controls.setFailureRate(1, 503); // every call fails until further notice
  const click = await app.click(BOB, card, 'Approve');
  await app.settle();
  expect(told(app, click.responseUrlId)).toMatch(/ModelsLab is not answering/);
  expect(app.dms(ALICE)).toHaveLength(0);
  // Still serving while ModelsLab is down: a balance question gets an answer.
  app.sim.controls.setFailureRate(1, 500);
  const balance = await app.command(CAROL, '/ml-balance', '');
  await app.settle();
  app.sim.controls.setFailureRate(0);
  expect(told(app, balance.responseUrlId)).toMatch(/ModelsLab|try again|unavailable|not answering/i);
  // Back up: the periodic sweep retries the link under the same idempotency key.
  await app.engine.sweep();
  await app.settle();
  const dm = await app.fake.waitFor(() => app.dms(ALICE)[0], 3000, 'DM after the burst');
  expect(app.sim.state.sessions()).toHaveLength(1);
  await payAndGetReceipt(app, ALICE, card, dm);
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
});

it('a hung ModelsLab call does not stop the bot from answering others', async () => {
  slack = await SlackApp.start();
  const app = slack;
  await app.command(ALICE, '/ml-fund', '50 hang');
  await app.settle();
  app.sim.controls.hangNext(1);
  const started = Date.now();
  await app.click(BOB, app.cards()[0] as StoredMessage, 'Approve'); // its link call hangs
  const other = await app.command(CAROL, '/ml-fund', '20 meanwhile');
  expect(other.status).toBe(200);
  await app.fake.waitFor(() => app.cards().length === 2, 3000, 'second card while the first call hangs');
  expect(Date.now() - started).toBeLessThan(3000);
});

// Bug 3 (docs/reliability.md), fixed: an unreadable 200 from payment-link (ModelsLab created the
// session, the body is garbled) used to be treated as a refusal (request `failed`, session
// orphaned). Now the request stays `approved` and the sweep replays the same session under the
// same Idempotency-Key.
it('a garbled answer after the link was created: the retry replays the same session', async () => {
  slack = await SlackApp.start();
  const app = slack;
  await app.command(ALICE, '/ml-fund', '50 garbled');
  await app.settle();
  const card = app.cards()[0] as StoredMessage;
  app.sim.controls.malformedNext(1);
  await app.click(BOB, card, 'Approve');
  await app.settle();
  await app.engine.sweep();
  await app.settle();
  const dm = await app.fake.waitFor(() => app.dms(ALICE)[0], 3000, 'DM');
  expect(app.sim.state.sessions()).toHaveLength(1);
  const request = (await app.stores.requests.listSince(0))[0];
  expect(request?.state).toBe('awaiting_payment');
  await payAndGetReceipt(app, ALICE, card, dm);
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
});

it('a garbled confirm-checkout after the wallet was credited: credited once, one receipt', async () => {
  slack = await SlackApp.start();
  const app = slack;
  const before = app.sim.state.balance();
  const { card, dm } = await requestToDm(app, ALICE, 60);
  app.sim.controls.malformedNext(1);
  await payAndGetReceipt(app, ALICE, card, dm);
  await app.settle();
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
  expect(app.sim.state.balance()).toBe(before + 60);
  expect(app.thread(card)).toHaveLength(1);
});

it('a 429 storm: links wait for the storm to pass; payments are confirmed and credited once', async () => {
  slack = await SlackApp.start();
  const app = slack;
  const { card, dm } = await requestToDm(app, ALICE, 30);
  await app.command(CAROL, '/ml-fund', '40 storm');
  await app.settle();
  const second = app.cards().at(-1) as StoredMessage;
  // Longer than a link call waits for the budget (10 s), so the Approve hears the limit whatever
  // comes first: its own 429, or the watcher's, which blocks the shared budget until the storm
  // ends (5 s flaked on a loaded machine: the link waited the block out and went through).
  app.sim.controls.rateLimitStorm(12_000);
  app.sim.controls.markPaid(sessionOf(dm));
  const click = await app.click(BOB, second, 'Approve');
  await app.settle();
  expect(told(app, click.responseUrlId)).toMatch(/ModelsLab's limit of billing calls for this account is used up/);
  await new Promise((r) => setTimeout(r, 12_100));
  await app.engine.sweep();
  await app.settle();
  const dm2 = await app.fake.waitFor(() => app.dms(CAROL)[0], 3000, 'DM after the storm');
  // The engine's link and the watcher's confirm wait out the same block (one shared budget), so
  // the watcher may already have seen Alice's payment and closed her DM: click only if it is open.
  if (buttonsIn(dm.blocks).some((b) => b.label === "I've paid")) await app.click(ALICE, dm, "I've paid");
  await app.fake.waitFor(() => app.thread(card).length > 0, 8000, 'receipt after the storm');
  await payAndGetReceipt(app, CAROL, second, dm2);
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
  expect(app.sim.state.creditsFor(sessionOf(dm2))).toBe(1);
  expect(app.thread(card)).toHaveLength(1);
  expect(app.thread(second)).toHaveLength(1);
  expect(app.sim.state.sessions()).toHaveLength(2);
});

it('Slack answers 429 to the receipt post: the receipt arrives once, after Retry-After', async () => {
  slack = await SlackApp.start();
  const app = slack;
  const { card, dm } = await requestToDm(app, ALICE, 50);
  app.fake.rateLimitNext('chat.postMessage', 2, 1);
  app.sim.controls.markPaid(sessionOf(dm));
  await app.click(ALICE, dm, "I've paid");
  await app.fake.waitFor(() => app.thread(card).length > 0, 8_000, 'receipt despite 429s');
  await new Promise((r) => setTimeout(r, 300));
  await app.settle();
  expect(app.thread(card)).toHaveLength(1);
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
});

// Bug 4 (docs/reliability.md), fixed: one `ok:false` (internal_error, a 500-class answer) to the
// receipt post used to leave the request `paid` without a receipt until the next restart. Now
// sweep() also advances recently finished requests that still owe a side effect (owes()), so
// the receipt is retried on the next sweep.
it('Slack answers 500 (ok:false) to the receipt post: the receipt still arrives once', async () => {
  slack = await SlackApp.start();
  const app = slack;
  const { card, dm } = await requestToDm(app, ALICE, 50);
  app.fake.failNext('chat.postMessage', 'internal_error', 1);
  app.sim.controls.markPaid(sessionOf(dm));
  await app.click(ALICE, dm, "I've paid");
  await new Promise((r) => setTimeout(r, 1_000));
  await app.engine.sweep(); // what the app's 30 s sweeper would do
  await app.fake.waitFor(() => app.thread(card).length > 0, 2_000, 'receipt despite a 500');
  await app.settle();
  expect(app.thread(card)).toHaveLength(1);
  expect(app.sim.state.creditsFor(sessionOf(dm))).toBe(1);
});

it('Discord answers 429 and 500 to channel posts: the receipt arrives once', async () => {
  discord = await startDiscordApp();
  const app = discord;
  const { fake, sim, alice, bob } = app;
  fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'discord faults' });
  const id = await fake.waitFor('card', () => app.latestRequestId() || undefined);
  fake.clickButton(bob, `approve:${id}`);
  const url = await fake.waitFor('DM link', () => app.paymentUrlFor(alice.id));
  const session = url.split('/checkout/')[1] ?? '';
  fake.rateLimitChannelPosts(fake.channelId, 1, 1);
  fake.failNext(1, 'POST', new RegExp(`/channels/${fake.channelId}/messages$`), 500);
  sim.controls.markPaid(session);
  fake.clickButton(alice, `paid:${id}`);
  const receipts = () =>
    fake.state.channelMessages(fake.channelId).filter((m) => JSON.stringify(m.embeds ?? []).includes('Receipt'));
  await fake.waitFor('receipt on Discord', () => receipts().length > 0 || undefined, 10_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(receipts()).toHaveLength(1);
  expect(sim.state.creditsFor(session)).toBe(1);
  expect((await app.stores.requests.get(id))?.state).toBe('paid');
});
