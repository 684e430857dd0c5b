/**
 * Two-person approval on Discord (issue 17): the fake Discord, the real discord.js client, the
 * engine, stores and the simulator. Two members with the approver role approve a large request:
 * the card shows 1 of 2 and who, with "Withdraw my approval"; the second approval sends one link.
 */
import { afterEach, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('a $500 request: Approve → "1 of 2 approvals: @bob" → a second approver → one link by DM', async () => {
  app = await startDiscordApp({ policy: { secondApprovalThresholdCents: 50_000 } });
  const { fake, sim, alice, bob } = app;
  const carol = fake.addMember({ username: 'carol', roles: [fake.approverRoleId] });
  fake.sendCommand(alice, 'ml-fund', { amount: 500, note: 'GPU month' });
  const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`);
  const cardId = card?.id ?? '';
  const description = () => String(embedOf(fake.state.messages.get(cardId))?.description ?? '');
  expect(description()).toContain('It needs 2 different approvers (the requester never counts).');

  const first = fake.clickButton(bob, `approve:${id}`);
  await fake.waitFor('the card to show 1 of 2', () => description().includes('1 of 2 approvals') || undefined);
  expect(first.callback).toEqual({ type: 6 });
  expect(description()).toContain(`1 of 2 approvals: <@${bob.id}>`);
  expect(fake.buttonsOf(cardId)).toEqual(
    expect.arrayContaining([`approve:${id}`, `withdraw_approval:${id}`, `deny:${id}`]),
  );
  expect(app.paymentUrlFor(alice.id)).toBeUndefined();
  expect(sim.state.sessions()).toHaveLength(0);

  fake.clickButton(carol, `approve:${id}`);
  const url = await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));
  expect(url).toContain('/checkout/cs_test_');
  expect(sim.state.sessions()).toHaveLength(1);
  await fake.waitFor(
    'the card to name both approvers',
    () => description().includes(`Approved by <@${bob.id}> and <@${carol.id}>`) || undefined,
  );
  expect((await app.stores.requests.get(id))?.approvals?.map((a) => a.by.id)).toEqual([bob.id, carol.id]);
});
