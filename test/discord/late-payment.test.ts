/**
 * Money follows the session, through Discord (real discord.js, the fake Discord, the real engine,
 * watcher and billing client, the ModelsLab simulator): cancel-then-pay, fail-then-pay,
 * renew-then-pay-the-old-link and pay-both each end with exactly one credit per paid session and
 * one receipt per payment as a reply to the card, with messages that say what happened.
 */
import { afterEach, expect, test } from 'vitest';
import { startLaggingBilling } from '../support/live-billing.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Everything a message shows: content and embeds, as one string. */
const shown = (m: { content?: string | null; embeds: unknown[] } | undefined) =>
  JSON.stringify([m?.content, m?.embeds]);

async function openAndApprove(a: DiscordApp, amount: number) {
  const { fake, alice, bob } = a;
  fake.sendCommand(alice, 'ml-fund', { amount, note: 'late payment' });
  const id = await fake.waitFor('the request card', () => a.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`)!;
  fake.clickButton(bob, `approve:${id}`);
  const url = await fake.waitFor('the payment link DM', () => a.paymentUrlFor(alice.id));
  // The drive ends with the card-on-file lookup (the card then offers it): wait for it, so a
  // fault the test injects next hits the watcher's confirm-checkout, not that lookup.
  await fake.waitFor('the card-on-file offer', () => fake.latestWithButton(`charge_card:${id}`));
  return { id, cardId: card.id, session: url.split('/checkout/')[1] ?? '' };
}

const dmsOf = (a: DiscordApp) => a.fake.state.channelMessages(a.fake.dmChannelOf(a.alice.id) ?? '');
const receiptsOf = (a: DiscordApp, cardId: string) =>
  a.fake.state.channelMessages(a.fake.channelId).filter((m) => m.message_reference?.message_id === cardId);

test('cancel-then-pay: credited once, a late receipt under the card, the payer told', async () => {
  app = await startDiscordApp();
  const a = app;
  const before = a.sim.state.balance();
  const { id, cardId, session } = await openAndApprove(a, 50);
  a.fake.clickButton(a.alice, `cancel:${id}`);
  await a.fake.waitFor('cancelled', async () => (await a.stores.requests.get(id))?.state === 'cancelled' || undefined);
  await a.fake.waitFor('the DM says the truth', () => shown(dmsOf(a)[0]).includes('stays payable until') || undefined);

  a.sim.controls.markPaid(session);
  const receipt = await a.fake.waitFor('late receipt', () => receiptsOf(a, cardId)[0]);
  expect(embedOf(receipt).description).toContain('arrived after the request was cancelled');
  // A new DM (the cancel click's answer also sits in the DM channel on Discord).
  await a.fake.waitFor('late-payment DM', () =>
    dmsOf(a).find((m) => m.id !== dmsOf(a)[0]?.id && shown(m).includes('arrived after the request was cancelled')),
  );
  expect(a.sim.state.creditsFor(session)).toBe(1);
  expect(a.sim.state.balance()).toBe(before + 50);
  expect(receiptsOf(a, cardId)).toHaveLength(1);
});

test("fail-then-pay: the failed request's session is still watched and its payment credited", async () => {
  app = await startDiscordApp();
  const a = app;
  const { id, cardId, session } = await openAndApprove(a, 30);
  a.sim.controls.failNext(1, 404);
  await a.fake.waitFor('failed', async () => (await a.stores.requests.get(id))?.state === 'failed' || undefined);
  a.sim.controls.markPaid(session);
  const receipt = await a.fake.waitFor('late receipt', () => receiptsOf(a, cardId)[0]);
  expect(embedOf(receipt).description).toContain('arrived after the request was marked failed');
  expect(a.sim.state.creditsFor(session)).toBe(1);
});

test('renew-then-pay-the-old-link: credited and receipted; the old DMs lose New link and Cancel', async () => {
  app = await startDiscordApp({ live: await startLaggingBilling() });
  const a = app;
  const { id, cardId, session: first } = await openAndApprove(a, 40);
  const notice = await a.fake.waitFor('expiry notice as a new DM', () => dmsOf(a)[1]);
  expect(a.fake.buttonsOf(notice.id)).toEqual([`new_link:${id}`, `cancel:${id}`]);
  expect(a.fake.buttonsOf(dmsOf(a)[0]!.id)).toEqual([]);
  a.fake.clickButton(a.alice, `new_link:${id}`, notice.id);
  const newDm = await a.fake.waitFor('new link DM', () => dmsOf(a)[2]);
  await a.fake.waitFor('old DMs edited', () => a.fake.buttonsOf(notice.id).length === 0 || undefined);
  expect(shown(a.fake.state.messages.get(notice.id))).toContain('A newer payment link');
  const second = a.paymentUrlFor(a.alice.id)?.split('/checkout/')[1];
  expect(second).not.toBe(first);

  a.sim.controls.markPaid(first);
  const receipt = await a.fake.waitFor('receipt', () => receiptsOf(a, cardId)[0]);
  expect(embedOf(receipt).description).toContain('older link');
  expect(a.sim.state.creditsFor(first)).toBe(1);
  expect(a.sim.state.creditsFor(second ?? '')).toBe(0);
  await a.fake.waitFor('new DM edited', () => a.fake.buttonsOf(newDm.id).length === 0 || undefined);
});

test('pay-both: both credited and receipted, the second marked a double payment with what to do', async () => {
  app = await startDiscordApp({ live: await startLaggingBilling() });
  const a = app;
  const before = a.sim.state.balance();
  const { id, cardId, session: first } = await openAndApprove(a, 20);
  const notice = await a.fake.waitFor('expiry notice', () => dmsOf(a)[1]);
  a.fake.clickButton(a.alice, `new_link:${id}`, notice.id);
  await a.fake.waitFor('new link DM', () => dmsOf(a)[2]);
  const second = a.paymentUrlFor(a.alice.id)?.split('/checkout/')[1] ?? '';
  a.sim.controls.markPaid(second);
  await a.fake.waitFor('first receipt', () => receiptsOf(a, cardId)[0]);
  a.sim.controls.markPaid(first);
  const double = await a.fake.waitFor('second receipt', () => receiptsOf(a, cardId)[1]);
  expect(shown(double)).toContain('Double payment');
  expect(shown(double)).toContain('no refund endpoint');
  expect(a.sim.state.creditsFor(first)).toBe(1);
  expect(a.sim.state.creditsFor(second)).toBe(1);
  expect(a.sim.state.balance()).toBe(before + 40);
  await a.engine.sweep();
  expect(receiptsOf(a, cardId)).toHaveLength(2);
});
