/** Subscribing the shared account from Discord: plan buttons, approval, DM link, paid, receipt. */
import { afterEach, describe, expect, test } from 'vitest';
import type { FakeMember } from '../../fakes/discord/index.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** From a click on `pick_plan:<id>` by `member` on `messageId` to a paid subscription. */
async function subscribeByClick(app: DiscordApp, member: FakeMember, planButton: string, messageId: string) {
  const { fake, sim, bob } = app;
  const planId = Number(planButton.split(':')[1]);
  fake.clickButton(member, planButton, messageId);
  const id = await fake.waitFor('the subscription card', () => app.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`);
  expect(embedOf(card).title).toMatch(/^Subscription request · /);
  fake.clickButton(bob, `approve:${id}`);
  const url = await fake.waitFor('the payment link DM', () => app.paymentUrlFor(member.id));
  const sessionId = url.split('/checkout/')[1] ?? '';
  expect(sim.state.session(sessionId)).toMatchObject({ purpose: 'subscribe', planId });
  sim.controls.markPaid(sessionId);
  const receipt = await fake.waitFor('the receipt', () =>
    fake.state.publicMessages(fake.channelId).find((m) => m.message_reference?.message_id === card?.id),
  );
  expect(embedOf(receipt).description).toMatch(/Subscription active/);
  const status = () =>
    (embedOf(fake.state.messages.get(card?.id ?? '')).fields as Array<{ name: string; value: string }>).find(
      (f) => f.name === 'Status',
    )?.value;
  await fake.waitFor('the card to end as Paid', () => status() === 'Paid');
  // On Discord the receipt is a reply to the card, and the card says so (no "thread" here).
  expect(embedOf(fake.state.messages.get(card?.id ?? '')).description).toContain(
    'Paid. The receipt is posted as a reply to this card.',
  );
  expect(sim.state.creditsFor(sessionId)).toBe(1);
  expect((await app.stores.requests.get(id))?.state).toBe('paid');
  const dmChannels = new Set(fake.state.dmChannelByUser.values());
  const leaks = fake.calls.filter(
    (c) => c.raw.includes(url) && ![...dmChannels].some((dm) => c.path.startsWith(`/channels/${dm}/`)),
  );
  expect(leaks).toEqual([]);
}

describe('subscribe on Discord', () => {
  test('/ml-subscribe shows the plans privately; a plan click goes through approval to "Subscription active"', async () => {
    app = await startDiscordApp();
    const { fake, alice } = app;
    const command = fake.sendCommand(alice, 'ml-subscribe', {});
    const picker = await fake.waitFor('the plan picker', () =>
      [...fake.state.messages.values()].find(
        (m) => (m.flags & 64) !== 0 && fake.buttonsOf(m.id).some((b) => b.startsWith('pick_plan:')),
      ),
    );
    expect(command.callback).toEqual({ type: 5, data: { flags: 64 } });
    const planButton = fake.buttonsOf(picker.id).find((b) => b.startsWith('pick_plan:')) ?? '';
    await subscribeByClick(app, alice, planButton, picker.id);
  });

  test('an admin posts a lasting panel; any member subscribes from it', async () => {
    app = await startDiscordApp();
    const { fake, admin } = app;
    fake.sendCommand(admin, 'ml', { command: 'panel' });
    const panel = await fake.waitFor('the panel', () =>
      fake.state
        .publicMessages(fake.channelId)
        .find((m) => fake.buttonsOf(m.id).some((b) => b.startsWith('pick_plan:'))),
    );
    expect(panel.viaWebhook).toBe(false); // a channel message: it outlives the interaction token
    const member = fake.addMember({ username: 'frank' });
    const planButton = fake.buttonsOf(panel.id).find((b) => b.startsWith('pick_plan:')) ?? '';
    await subscribeByClick(app, member, planButton, panel.id);
    expect(fake.buttonsOf(panel.id)).toContain(planButton); // the panel stays for the next member
  });

  test('a member without Manage Server cannot post the panel', async () => {
    app = await startDiscordApp();
    const { fake, bob } = app; // an approver, but not an admin
    const command = fake.sendCommand(bob, 'ml', { command: 'panel' });
    const answer = await fake.waitFor('the refusal', () => {
      const id = fake.state.originalByToken.get(command.token);
      const message = id ? fake.state.messages.get(id) : undefined;
      return message && message.embeds.length > 0 ? message : undefined;
    });
    expect(embedOf(answer).description).toBe('Only server admins (Manage Server) can post the subscribe panel.');
    expect(answer.flags & 64).toBe(64);
    expect(fake.state.publicMessages(fake.channelId)).toEqual([]);
  });
});
