/**
 * Charge card on file through Discord: the fake Discord, the real discord.js client and adapter,
 * the engine, watcher and billing client, the ModelsLab simulator. Approve, the card gains the
 * button, a member without the approver role is refused privately, an approver charges, one
 * receipt replies to the card and says how it was paid, and the wallet is credited once.
 */
import { afterEach, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('approve → the card offers the card on file → a member refused → an approver charges → one receipt', async () => {
  app = await startDiscordApp();
  const a = app;
  const { fake, sim, alice, bob } = a;
  const carol = fake.addMember({ username: 'carol' });
  const before = sim.state.balance();
  fake.sendCommand(alice, 'ml-fund', { amount: 40, note: 'night run' });
  const id = await fake.waitFor('the request card', () => a.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`)!;
  fake.clickButton(bob, `approve:${id}`);
  const url = await fake.waitFor('the payment link DM', () => a.paymentUrlFor(alice.id));
  await fake.waitFor('the offer', () => fake.latestWithButton(`charge_card:${id}`));
  expect(fake.buttonsOf(card.id)).toEqual([`charge_card:${id}`, `cancel:${id}`]);

  const refused = fake.clickButton(carol, `charge_card:${id}`);
  await fake.waitFor('the refusal', () => answerTexts(a, refused.token).length > 0);
  expect(answerTexts(a, refused.token).join(' ')).toContain('Only approvers can charge the card on file.');
  expect(sim.state.balance()).toBe(before);

  const charged = fake.clickButton(bob, `charge_card:${id}`);
  await fake.waitFor('the answer', () => answerTexts(a, charged.token).length > 0);
  expect(answerTexts(a, charged.token).join(' ')).toContain('Charged $40.00 to the card on file visa ••4242');
  const receipt = await fake.waitFor('the receipt', () =>
    fake.state.channelMessages(fake.channelId).find((m) => m.message_reference?.message_id === card.id),
  );
  expect(embedOf(receipt).description).toContain(`Charged to the card on file visa ••4242 by <@${bob.id}>`);
  expect(JSON.stringify(embedOf(fake.state.messages.get(card.id)))).toContain(
    `Paid with the card on file visa ••4242 by <@${bob.id}>`,
  );
  expect(fake.buttonsOf(card.id)).toEqual([]);
  expect((await a.stores.requests.get(id))?.state).toBe('paid');
  expect(sim.state.balance()).toBe(before + 40);
  const replies = fake.state.channelMessages(fake.channelId).filter((m) => m.message_reference?.message_id === card.id);
  expect(replies).toHaveLength(1);
  expect(JSON.stringify(fake.state.channelMessages(fake.channelId))).not.toContain(url);
});
