/**
 * The whole fund flow through Slack: real Bolt behind the app's router, the fake Slack, the
 * engine, stores, watcher, billing client and the ModelsLab simulator.
 */
import { afterEach, expect, it } from 'vitest';
import { ALICE, BOB, CHANNEL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { approveForLink, openFundCard, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('/ml-fund 50 → card → Approve → DM with the link → paid → receipt in the thread, card Paid', async () => {
  app = await SlackApp.start();
  const before = app.sim.state.balance();

  const ack = await app.command(ALICE, '/ml-fund', '50 eval run');
  expect(ack.status).toBe(200);
  await app.settle();
  const [card] = app.cards();
  if (!card) throw new Error('no card in the channel');
  expect(visibleText(card)).toContain('$50.00');
  expect(visibleText(card)).toContain('eval run');
  // The approvers are pinged: the listed user and the user group.
  expect(card.text).toContain('<@U0CAROL> <!subteam^S0FINANCE>');

  const dm = await approveForLink(app, card);
  const url = linkUrl(dm);
  expect(url).toContain('/checkout/cs_test_');
  expect(app.fake.message(CHANNEL, card.ts)?.text).toContain('Approved by <@U0BOB>');

  const sessionId = sessionOf(url);
  app.sim.controls.markPaid(sessionId);
  const receipt = await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'receipt in the thread');
  const balance = `$${(before + 50).toFixed(2)}`;
  expect(visibleText(receipt)).toContain(balance);
  await app.fake.waitFor(() => app?.fake.message(CHANNEL, card.ts)?.text.includes('Paid'), 3000, 'card shows Paid');
  await app.fake.waitFor(() => app?.fake.message(dm.channel, dm.ts)?.text.includes('Received'), 3000, 'DM thanks');

  expect(app.thread(card)).toHaveLength(1);
  expect(app.sim.state.balance()).toBe(before + 50);
  expect(app.sim.state.creditsFor(sessionId)).toBe(1);
  expect(app.shownOutsideDm(url, ALICE)).toEqual([]);
  expect(app.shownOutsideDm(sessionId, ALICE)).toEqual([]);
});

it('"I\'ve paid" in the DM is answered and the receipt follows', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '25');
  const dm = await approveForLink(app, card);
  app.sim.controls.markPaid(sessionOf(linkUrl(dm)));
  const click = await app.click(ALICE, dm, "I've paid");
  expect(click.status).toBe(200);
  await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'receipt');
  await app.settle();
  expect(app.thread(card)).toHaveLength(1);
});

it('a Slack 429 on chat.postMessage delays the receipt but does not lose it', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '40');
  const dm = await approveForLink(app, card);

  app.fake.rateLimitNext('chat.postMessage', 1, 1);
  const paidAt = Date.now();
  app.sim.controls.markPaid(sessionOf(linkUrl(dm)));
  const receipt = await app.fake.waitFor(() => app?.thread(card)[0], 5000, 'receipt after the 429');
  const posted = app.fake.calls('chat.postMessage').filter((c) => c.params.thread_ts === card.ts);
  expect(posted.map((c) => c.status)).toEqual([429, 200]);
  expect((posted[1]?.at ?? 0) - (posted[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  expect(Date.now() - paidAt).toBeGreaterThanOrEqual(1000);
  expect(visibleText(receipt)).toContain('$40.00');
  await app.settle();
  expect(app.thread(card)).toHaveLength(1);
});

it('acks a slash command within Slack’s 3 s even when ModelsLab answers slowly', async () => {
  app = await SlackApp.start();
  app.sim.controls.setLatency(1000);
  const started = Date.now();
  const ack = await app.command(ALICE, '/ml-balance', '');
  expect(ack.status).toBe(200);
  expect(ack.ms).toBeLessThan(500);
  await app.settle();
  // The engine's answer came later, through the response_url.
  const answer = app.fake.responses(ack.responseUrlId)[0];
  expect(answer?.body.text).toMatch(/\$/);
  expect((answer?.at ?? 0) - started).toBeGreaterThanOrEqual(1000);
});

it('when the payer’s DMs are closed, the thread says so and the link goes nowhere', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '30');
  app.fake.failNext('conversations.open', 'user_disabled');
  await app.click(BOB, card, 'Approve');
  await app.settle();
  const notice = await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'DMs-closed notice');
  expect(notice.text).toMatch(/direct messages are closed/);
  expect(app.dms(ALICE)).toHaveLength(0);
  const [session] = app.sim.state.sessions();
  expect(session).toBeDefined();
  expect(app.shownOutsideDm(session?.id ?? 'none', ALICE)).toEqual([]);
  expect(app.shownOutsideDm('/checkout/', ALICE)).toEqual([]);
});
