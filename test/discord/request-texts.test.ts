/**
 * Issue 13 on Discord (discord.js against the fake Discord, the simulator behind the billing
 * client): a long note refused with the rule, Try again on a failed request (custom_id
 * `try_again:<id>`), and approving from `/ml status` when the card is out of reach.
 */
import { afterEach, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function stateOf(a: DiscordApp, id: string) {
  return (await a.stores.requests.get(id))?.state;
}

test('a 900-character note is refused with the rule and posts no card', async () => {
  app = await startDiscordApp();
  const { fake, alice } = app;
  const cmd = fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'n'.repeat(900) });
  await fake.waitFor('the refusal', () => answerTexts(app as DiscordApp, cmd.token).length > 0);
  expect(answerTexts(app, cmd.token).join(' ')).toContain('Notes are at most 200 characters; yours has 900.');
  expect(fake.state.publicMessages(fake.channelId)).toEqual([]);
});

test('a refused payment link fails the request; Try again on the card sends a new link', async () => {
  app = await startDiscordApp();
  const { fake, sim, alice, bob } = app;
  fake.sendCommand(alice, 'ml-fund', { amount: 40 });
  const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`);
  sim.controls.failNext(1, 422);
  fake.clickButton(bob, `approve:${id}`);
  await fake.waitFor('failed', async () => (await stateOf(app as DiscordApp, id)) === 'failed');
  await fake.waitFor('the Try again button', () => fake.buttonsOf(card?.id ?? '').includes(`try_again:${id}`));

  fake.clickButton(alice, `try_again:${id}`, card?.id);
  await fake.waitFor('the new payment link DM', () => app?.paymentUrlFor(alice.id));
  // The DM is on Discord a moment before the request records it was sent.
  await fake.waitFor('awaiting payment', async () => (await stateOf(app as DiscordApp, id)) === 'awaiting_payment');
  const request = await app.stores.requests.get(id);
  expect(request?.attempts.map((a) => a.idempotencyKey)).toEqual([`paylink-${id}-1`, `paylink-${id}-2`]);
});

test('/ml status: an approver approves from the list, the requester sees only Cancel', async () => {
  app = await startDiscordApp();
  const { fake, alice, bob } = app;
  fake.sendCommand(alice, 'ml-fund', { amount: 30, note: 'eval' });
  const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);

  const own = fake.sendCommand(alice, 'ml', { command: 'status' });
  const ownStatus = await privateAnswer(app, own.token, 'the requester status');
  expect(fake.buttonsOf(ownStatus.id)).toEqual([`cancel:${id}`]);

  const cmd = fake.sendCommand(bob, 'ml', { command: 'status' });
  const status = await privateAnswer(app, cmd.token, 'the approver status');
  expect(fake.buttonsOf(status.id)).toEqual(expect.arrayContaining([`approve:${id}`, `deny:${id}`]));
  fake.clickButton(bob, `approve:${id}`, status.id);
  await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));
  await fake.waitFor('awaiting payment', async () => (await stateOf(app as DiscordApp, id)) === 'awaiting_payment');
});
