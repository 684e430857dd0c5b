/**
 * Money follows the session, through Slack (real Bolt, the fake Slack, the real engine, watcher
 * and billing client, the ModelsLab simulator): cancel-then-pay, fail-then-pay, renew-then-pay-
 * the-old-link and pay-both each end with exactly one credit per paid session (the simulator's
 * count), one receipt per payment in the card's thread, and messages that say what happened.
 */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { startLaggingBilling } from '../support/live-billing.ts';
import { ALICE, CHANNEL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { approveForLink, openFundCard, sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const now = (a: SlackApp, m: StoredMessage) => a.fake.message(m.channel, m.ts) ?? m;
const labels = (a: SlackApp, m: StoredMessage) => buttonsIn(now(a, m).blocks).map((b) => b.label);
const stateOf = async (a: SlackApp, card: StoredMessage) => {
  const id = /Request (\w+)/.exec(visibleText(card))?.[1] ?? '';
  return { id, state: (await a.stores.requests.get(id))?.state };
};

async function openAndApprove(a: SlackApp, amount: number) {
  const card = await openFundCard(a, ALICE, `${amount} late payment`);
  const dm = await approveForLink(a, card);
  return { card, dm, session: sessionOf(linkUrl(dm)) };
}

it('cancel-then-pay: credited once, a late receipt in the thread, the card and the payer told', async () => {
  app = await SlackApp.start();
  const a = app;
  const before = a.sim.state.balance();
  const { card, dm, session } = await openAndApprove(a, 50);
  await a.click(ALICE, dm, 'Cancel');
  await a.settle();
  expect(visibleText(now(a, dm))).toContain('stays payable until');
  expect(visibleText(now(a, dm))).not.toContain('do not use');

  a.sim.controls.markPaid(session);
  const receipt = await a.fake.waitFor(() => a.thread(card)[0], 3000, 'late receipt');
  expect(visibleText(receipt)).toContain('arrived after the request was cancelled');
  expect(receipt.text).toContain('<!subteam^S0FINANCE>'); // the approvers are mentioned
  await a.fake.waitFor(() => a.dms(ALICE).length === 2, 3000, 'late-payment DM');
  expect(visibleText(a.dms(ALICE)[1]!)).toContain('arrived after the request was cancelled');
  await a.fake.waitFor(() => visibleText(now(a, card)).includes('arrived after the request was cancelled'), 3000);
  expect(a.sim.state.creditsFor(session)).toBe(1);
  expect(a.sim.state.balance()).toBe(before + 50);
  expect(a.thread(card)).toHaveLength(1);
});

it('fail-then-pay: a session ModelsLab did not know once is still watched; its payment is credited', async () => {
  app = await SlackApp.start();
  const a = app;
  const { card, session } = await openAndApprove(a, 30);
  // The drive ends with the card-on-file lookup: wait for it, so the fault hits confirm-checkout.
  await a.fake.waitFor(() => labels(a, card).includes('Charge card on file ••4242'), 3000, 'card offer');
  a.sim.controls.failNext(1, 404);
  await a.fake.waitFor(async () => (await stateOf(a, card)).state === 'failed', 3000, 'failed');
  await a.fake.waitFor(() => visibleText(now(a, card)).includes('Failed'), 3000, 'card Failed');
  a.sim.controls.markPaid(session);
  const receipt = await a.fake.waitFor(() => a.thread(card)[0], 3000, 'late receipt');
  expect(visibleText(receipt)).toContain('arrived after the request was marked failed');
  expect(a.sim.state.creditsFor(session)).toBe(1);
  expect(a.thread(card)).toHaveLength(1);
});

it('renew-then-pay-the-old-link: the old session is credited and receipted; old DMs lose their buttons', async () => {
  app = await SlackApp.start({ live: await startLaggingBilling() });
  const a = app;
  const { card, dm, session: first } = await openAndApprove(a, 40);
  const notice = await a.fake.waitFor(() => a.dms(ALICE)[1], 8000, 'expiry notice as a new DM');
  expect(labels(a, notice)).toEqual(['New link', 'Cancel']);
  expect(labels(a, dm)).toEqual([]);
  await a.click(ALICE, notice, 'New link');
  await a.settle();
  const newDm = await a.fake.waitFor(() => a.dms(ALICE)[2], 3000, 'new link DM');
  const second = sessionOf(linkUrl(newDm));
  expect(second).not.toBe(first);
  for (const old of [dm, notice]) {
    expect(labels(a, old)).toEqual([]);
    expect(visibleText(now(a, old))).toContain('A newer payment link');
  }

  a.sim.controls.markPaid(first);
  const receipt = await a.fake.waitFor(() => a.thread(card)[0], 3000, 'receipt');
  expect(visibleText(receipt)).toContain('older link');
  expect(a.sim.state.creditsFor(first)).toBe(1);
  expect(a.sim.state.creditsFor(second)).toBe(0);
  await a.fake.waitFor(() => visibleText(now(a, newDm)).includes('paid on an earlier link'), 3000, 'new DM edited');
  expect(labels(a, newDm)).toEqual([]);
});

it('pay-both: both credited and receipted, the second receipt marked a double payment with what to do', async () => {
  app = await SlackApp.start({ live: await startLaggingBilling() });
  const a = app;
  const before = a.sim.state.balance();
  const { card, session: first } = await openAndApprove(a, 20);
  const notice = await a.fake.waitFor(() => a.dms(ALICE)[1], 8000, 'expiry notice');
  await a.click(ALICE, notice, 'New link');
  await a.settle();
  const second = sessionOf(linkUrl(await a.fake.waitFor(() => a.dms(ALICE)[2], 3000, 'new link DM')));
  a.sim.controls.markPaid(second);
  await a.fake.waitFor(() => a.thread(card)[0], 3000, 'first receipt');
  a.sim.controls.markPaid(first);
  const double = await a.fake.waitFor(() => a.thread(card)[1], 3000, 'second receipt');
  expect(visibleText(double)).toContain('Double payment');
  expect(visibleText(double)).toContain('no refund endpoint');
  expect(visibleText(double)).toContain('contact ModelsLab support');
  expect(a.sim.state.creditsFor(first)).toBe(1);
  expect(a.sim.state.creditsFor(second)).toBe(1);
  expect(a.sim.state.balance()).toBe(before + 40);
  await a.fake.waitFor(() => visibleText(now(a, card)).includes('Paid 2 times'), 3000, 'card says paid twice');
  await a.engine.sweep();
  await a.settle();
  expect(a.thread(card)).toHaveLength(2);
  expect(a.fake.messages(CHANNEL).filter((m) => !m.threadTs && !m.ephemeralFor)).toHaveLength(1);
});
