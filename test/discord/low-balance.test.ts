/**
 * The low-balance alert on Discord: the core LowBalanceMonitor posting through the Discord
 * messenger (real discord.js REST, fake Discord), the balance set on the simulator, and the
 * "Request top-up" button opening a fund request through the whole bot.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { type DiscordApp, monitorFor, startDiscordApp } from './harness.ts';
import { embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('low-balance alert on Discord', () => {
  test('one alert below the threshold; its button opens a fund request; hovering and a restart do not repeat it', async () => {
    app = await startDiscordApp();
    const { fake, sim, alice } = app;
    const alerts = () =>
      fake.state.publicMessages(fake.channelId).filter((m) => /^Low balance/.test(embedOf(m)?.title ?? ''));

    sim.controls.setBalance(7.5);
    expect(await monitorFor(app).checkOnce()).toBe('alerted');
    expect(alerts()).toHaveLength(1);
    const [alert] = alerts();
    expect(embedOf(alert).title).toBe('Low balance: $7.50');
    expect(embedOf(alert).description).toContain('below $10.00');
    // Enough to get back to twice the threshold, in whole $10.
    expect(fake.buttonsOf(alert?.id ?? '')).toEqual(['topup:2000', 'topup_custom:2000']);

    fake.clickButton(alice, 'topup:2000', alert?.id);
    const id = await fake.waitFor('the fund request card', () => app?.latestRequestId() || undefined);
    const request = await app.stores.requests.get(id);
    expect(request).toMatchObject({
      purpose: 'fund',
      amountCents: 2000,
      note: 'low-balance top-up',
      state: 'awaiting_approval',
      requester: { id: alice.id },
    });
    const card = fake.latestWithButton(`approve:${id}`);
    expect(embedOf(card).title).toBe('Fund request · $20.00');
    expect(card?.content).toBe(`<@&${fake.approverRoleId}>`);

    // Hovering around the threshold (inside the $1 re-arm margin) does not alert again.
    const monitor = monitorFor(app);
    for (const dollars of [10.01, 9.98, 10.5, 9.97]) {
      sim.controls.setBalance(dollars);
      expect(await monitor.checkOnce()).toBe('unchanged');
    }
    // A restart: a new monitor on the same store remembers the alert.
    expect(await monitorFor(app).checkOnce()).toBe('unchanged');
    expect(alerts()).toHaveLength(1);

    // Recovery edits the alert so its button no longer asks for money.
    sim.controls.setBalance(25);
    expect(await monitorFor(app).checkOnce()).toBe('recovered');
    const edited = fake.state.messages.get(alert?.id ?? '');
    expect(embedOf(edited).title).toBe('Balance recovered: $25.00');
    expect(fake.buttonsOf(alert?.id ?? '')).toEqual([]);
  });
});
