/**
 * Failed subscription payments on Discord (issue 18, part 4): the monitor built by the bot's own
 * wiring (createPaymentMonitor) posts the notice through the Discord messenger (real discord.js
 * REST, fake Discord); Fix payment is clicked as Discord sends it. The monitor's billing port is a
 * BudgetedBilling on the store's budget, as the engine's is (the harness keeps the bot to itself).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { BudgetedBilling } from '../../src/billing/budgeted-billing.ts';
import { createPaymentMonitor } from '../../src/channel-jobs.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { PaymentMonitor } from '../../src/core/subscriptions/index.ts';
import { TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function monitorFor(a: DiscordApp): PaymentMonitor {
  const billing = new BudgetedBilling(a.billing, a.stores.budget(TEST_BILLING_PER_MIN), systemClock, {
    perMinute: TEST_BILLING_PER_MIN,
  });
  const monitor = createPaymentMonitor(
    {
      billing,
      stores: a.stores,
      messengers: new Map([['discord', a.adapter.messenger]]),
      clock: systemClock,
      logger: silentLogger,
    },
    { channel: { platform: 'discord', channelId: a.fake.channelId }, intervalMs: 60_000 },
  );
  if (!monitor) throw new Error('no Discord messenger for the notices');
  return monitor;
}

const answered = (a: DiscordApp, token: string) => () => answerTexts(a, token).length > 0;

describe('failed subscription payment on Discord', () => {
  test('one notice; a member is refused; an approver fixes it and the notice says who', async () => {
    app = await startDiscordApp();
    const { fake, sim, alice, bob } = app;
    const notices = () =>
      fake.state.publicMessages(fake.channelId).filter((m) => /^Subscription payment/.test(embedOf(m)?.title ?? ''));
    const id = sim.controls.pastDue();
    expect(await monitorFor(app).checkOnce()).toMatchObject({ posted: 1 });
    expect(await monitorFor(app).checkOnce()).toMatchObject({ posted: 0 });
    expect(notices()).toHaveLength(1);
    const [notice] = notices();
    expect(embedOf(notice).description).toMatch(
      new RegExp(`^The payment for the .+ subscription \\(#${id}\\) failed; it is past due\\.`),
    );
    expect(fake.buttonsOf(notice?.id ?? '')).toEqual([`fix_payment:${id}`]);

    const refused = fake.clickButton(alice, `fix_payment:${id}`, notice?.id);
    await fake.waitFor('the refusal', answered(app, refused.token));
    expect(answerTexts(app, refused.token)).toEqual(['Only approvers can fix a subscription payment.']);
    expect(sim.state.subscriptionStatus(id)).toBe('past_due');

    const fix = fake.clickButton(bob, `fix_payment:${id}`, notice?.id);
    await fake.waitFor('the answer', answered(app, fix.token));
    expect(answerTexts(app, fix.token).join(' ')).toContain('Fixed: the payment went through.');
    expect(sim.state.subscriptionStatus(id)).toBe('active');
    const edited = fake.state.messages.get(notice?.id ?? '');
    expect(embedOf(edited).description).toContain(`Fixed by <@${bob.id}>`);
    expect(fake.buttonsOf(notice?.id ?? '')).toEqual([]);
  });

  test('3-D Secure: the page reaches the approver by DM only', async () => {
    app = await startDiscordApp();
    const { fake, sim, bob } = app;
    const id = sim.controls.pastDue();
    await monitorFor(app).checkOnce();
    sim.controls.addCard('requires_action', { makeDefault: true });
    const fix = fake.clickButton(bob, `fix_payment:${id}`);
    await fake.waitFor('the answer', answered(app, fix.token));
    expect(answerTexts(app, fix.token).join(' ')).toMatch(/Check your DMs/);
    const dm = fake.dmChannelOf(bob.id);
    const urls = fake.state
      .channelMessages(dm ?? '')
      .flatMap((m) => m.components.flatMap((r) => r.components ?? []))
      .map((c) => c.url)
      .filter((u): u is string => !!u);
    expect(urls).toHaveLength(1);
    const url = urls[0] ?? '';
    expect(url).toMatch(new RegExp(`/checkout/fix/${id}$`));
    // Nowhere but that DM: every other call the bot made to Discord.
    const elsewhere = fake.calls.filter(
      (c) => !c.path.includes(`/channels/${dm}/`) && JSON.stringify(c.body ?? '').includes(url),
    );
    expect(elsewhere).toEqual([]);
    expect(sim.state.subscriptionStatus(id)).toBe('past_due');
  });
});
