/**
 * Monthly budgets on Discord (issue 17): the fake Discord, the real discord.js client, the engine,
 * stores, the watcher and the simulator. Alice's member budget is $60 a month and the approval
 * threshold $100: within budget she goes straight to the link; an unpaid link uses none of it;
 * once $50 is paid, $20 more needs an approver and the card says why; /ml-balance shows the line.
 */
import { afterEach, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { embedOf, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const policy = { approvalThresholdCents: 10_000, memberMonthlyBudgetCents: 6_000 };

test('within budget → link; unpaid spends nothing; paid $50 of $60 → $20 needs an approver, the card says why', async () => {
  app = await startDiscordApp({ policy });
  const a = app;
  const { fake, sim, alice, bob } = a;
  const links = () => {
    const dm = fake.dmChannelOf(alice.id);
    return dm
      ? new Set(JSON.stringify(fake.state.channelMessages(dm)).match(/http[^"]*\/checkout\/cs_[\w]+/g))
      : new Set();
  };
  const balanceText = async () => {
    const asked = fake.sendCommand(alice, 'ml-balance', {});
    return JSON.stringify(embedOf(await privateAnswer(a, asked.token)));
  };

  // $50: under the threshold and within the budget: the link goes straight to Alice's DM.
  fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'eval run' });
  const url = await fake.waitFor('the payment link DM', () => a.paymentUrlFor(alice.id));
  const first = fake.state.publicMessages(fake.channelId).find((m) => JSON.stringify(m.embeds).includes('$50.00'));
  expect(JSON.stringify(first?.embeds)).toContain('spent this month: $0.00 of $60.00');
  expect(a.latestRequestId()).toBe('');

  // Unpaid, that link uses none of the budget: another $20 also goes straight through.
  fake.sendCommand(alice, 'ml-fund', { amount: 20, note: 'unpaid so far' });
  await fake.waitFor('a second link', () => links().size === 2 || undefined);
  expect(a.latestRequestId()).toBe('');
  expect(await balanceText()).toContain('You: spent this month: $0.00 of $60.00');

  // Paid: the receipt counts.
  sim.controls.markPaid(url.split('/checkout/')[1] ?? '');
  await fake.waitFor('the receipt', () =>
    fake.state.channelMessages(fake.channelId).find((m) => m.message_reference?.message_id === first?.id),
  );
  expect(await balanceText()).toContain('You: spent this month: $50.00 of $60.00');

  // $20 more would make $70 of $60: it needs an approver although it is under $100.
  fake.sendCommand(alice, 'ml-fund', { amount: 20, note: 'one more' });
  const id = await fake.waitFor('the request card', () => a.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`);
  expect(JSON.stringify(card?.embeds)).toContain('monthly budget: spent $50.00 of $60.00');
  expect(links().size).toBe(2);
  expect(sim.state.sessions()).toHaveLength(2);

  fake.clickButton(bob, `approve:${id}`);
  await fake.waitFor('a third link', () => links().size === 3 || undefined);
  expect(sim.state.sessions()).toHaveLength(3);
  expect((await a.stores.requests.get(id))?.approver?.id).toBe(bob.id);
});
