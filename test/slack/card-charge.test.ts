/**
 * Charge card on file through Slack: real Bolt against the fake Slack, the real engine, watcher
 * and billing client, the ModelsLab simulator. Approve, the card gains the button, a non-approver
 * is refused privately, an approver charges, one receipt in the thread says how it was paid, the
 * payer's DM no longer offers the link, and the wallet is credited once.
 */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { ALICE, BOB, linkUrl, MALLORY, SlackApp, visibleText } from './harness.ts';
import { approveForLink, openFundCard } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const now = (a: SlackApp, m: StoredMessage) => a.fake.message(m.channel, m.ts) ?? m;
const labels = (a: SlackApp, m: StoredMessage) => buttonsIn(now(a, m).blocks).map((b) => b.label);

it('approve → "Charge card on file ••4242" on the card → a non-approver refused → an approver charges → receipt in the thread', async () => {
  app = await SlackApp.start();
  const a = app;
  const before = a.sim.state.balance();
  const card = await openFundCard(a, ALICE, '50 overnight eval');
  const dm = await approveForLink(a, card);
  const url = linkUrl(dm);
  await a.fake.waitFor(() => labels(a, card).includes('Charge card on file ••4242'), 3000, 'the offer');
  expect(labels(a, card)).toEqual(['Charge card on file ••4242', 'Cancel']);

  const refused = await a.click(MALLORY, card, 'Charge card on file ••4242');
  await a.settle();
  const [answer] = a.ephemeralsFor(MALLORY, refused.responseUrlId);
  expect(answer?.text).toContain('Only approvers can charge the card on file.');
  expect(a.sim.state.balance()).toBe(before);

  const charged = await a.click(BOB, card, 'Charge card on file ••4242');
  await a.settle();
  const [told] = a.ephemeralsFor(BOB, charged.responseUrlId);
  expect(visibleText(told!)).toContain('Charged $50.00 to the card on file visa ••4242');
  await a.fake.waitFor(() => a.thread(card).length === 1, 3000, 'the receipt');
  const receipt = visibleText(a.thread(card)[0]!);
  expect(receipt).toContain('Charged to the card on file visa ••4242 by <@U0BOB>');
  expect(visibleText(now(a, card))).toContain('Paid with the card on file visa ••4242 by <@U0BOB>');
  expect(labels(a, card)).toEqual([]);
  expect(visibleText(now(a, dm))).toContain('no longer needed');
  expect(buttonsIn(now(a, dm).blocks)).toEqual([]);
  expect(a.sim.state.balance()).toBe(before + 50);
  // The payment URL was only ever in the payer's DM.
  expect(a.shownOutsideDm(url, ALICE)).toEqual([]);
});
