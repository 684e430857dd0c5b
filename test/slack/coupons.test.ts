/** `/ml coupon CODE` and the Redeem button through Slack, on the simulator's seeded coupons. */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { ALICE, BOB, CAROL, CHANNEL, MALLORY, SlackApp, toTarget, visibleText } from './harness.ts';
import { privateAnswer } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const couponAnswer = (a: SlackApp, user: string, code: string) => privateAnswer(a, user, '/ml', `coupon ${code}`);

it('an approver’s Redeem credits $10 once, even when clicked twice', async () => {
  app = await SlackApp.start();
  const before = app.sim.state.balance();
  const offer = await couponAnswer(app, CAROL, 'WELCOME10');
  expect(visibleText(offer)).toContain('$10.00 of credit');
  expect(buttonsIn(offer.blocks).map((b) => b.label)).toEqual(['Redeem']);

  const first = await app.click(CAROL, offer, 'Redeem');
  await app.settle();
  expect(app.sim.state.balance()).toBeCloseTo(before + 10, 2);
  expect(app.ephemeralsFor(CAROL, first.responseUrlId)[0]?.text).toMatch(/^Redeemed coupon WELCOME10\./);

  const second = await app.click(CAROL, offer, 'Redeem');
  await app.settle();
  expect(app.sim.state.balance()).toBeCloseTo(before + 10, 2);
  expect(app.ephemeralsFor(CAROL, second.responseUrlId)[0]?.text).toMatch(/WELCOME10 was already redeemed/);
  // The redemption is announced in the channel once.
  const announcements = app.cards().map((m) => m.text);
  expect(announcements).toHaveLength(1);
  expect(announcements[0]).toMatch(/Coupon WELCOME10 redeemed by <@U0CAROL>: \$10\.00 added/);
});

it('a non-approver’s Redeem opens an approval card; the approver’s Approve credits it', async () => {
  app = await SlackApp.start();
  const before = app.sim.state.balance();
  const offer = await couponAnswer(app, ALICE, 'WELCOME10');
  expect(offer.text).toMatch(/asks an approver first/);

  await app.click(ALICE, offer, 'Redeem');
  await app.settle();
  expect(app.sim.state.balance()).toBeCloseTo(before, 2);
  const [stored] = app.cards();
  if (!stored) throw new Error('no coupon approval card');
  // As the approvers' clients show it now: a late second click still sees the Approve button.
  const card = toTarget(stored);
  expect(card.text).toMatch(/<@U0ALICE> asks to redeem coupon WELCOME10/);
  expect(card.text).toContain('<@U0CAROL> <!subteam^S0FINANCE>');

  const refused = await app.click(MALLORY, card, 'Approve');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, refused.responseUrlId)[0]?.text).toMatch(/Only approvers/);
  expect(app.sim.state.balance()).toBeCloseTo(before, 2);

  await app.click(BOB, card, 'Approve');
  await app.settle();
  expect(app.sim.state.balance()).toBeCloseTo(before + 10, 2);
  const now = app.fake.message(CHANNEL, card.ts);
  expect(now?.versions.length).toBeGreaterThan(1);
  expect(buttonsIn(now?.blocks ?? [])).toHaveLength(0);

  await app.click(BOB, card, 'Approve');
  await app.settle();
  expect(app.sim.state.balance()).toBeCloseTo(before + 10, 2);
});

it.each([
  ['EXPIRED5', /Coupon EXPIRED5 has expired/],
  ['USED15', /Coupon USED15 has already been used/],
  ['NOPE', /Coupon NOPE does not exist/],
])('/ml coupon %s answers clearly, privately, with nothing to click', async (code, answerText) => {
  app = await SlackApp.start();
  const before = app.sim.state.balance();
  const answer = await couponAnswer(app, CAROL, code);
  expect(answer.text).toMatch(answerText);
  expect(buttonsIn(answer.blocks)).toHaveLength(0);
  expect(app.fake.messages(CHANNEL)).toHaveLength(0);
  expect(app.sim.state.balance()).toBe(before);
});
