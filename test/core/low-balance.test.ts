/**
 * The low-balance monitor on the simulator's balance and a real memory store: one alert per dip,
 * hysteresis around the threshold, no repeat across a restart, and the top-up button.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LowBalanceMonitor, type LowBalanceMonitorOptions } from '../../src/core/alerts/low-balance-monitor.ts';
import { suggestedTopUpCents } from '../../src/core/alerts/low-balance-view.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import { alice } from './harness.ts';
import { capturingLogger, live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const channel = { platform: 'slack' as const, channelId: 'C-alerts' };

function monitor(e: Live, options: Partial<LowBalanceMonitorOptions> = {}, billing: BillingPort = e.billing) {
  const logger = capturingLogger();
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0));
  const m = new LowBalanceMonitor(
    { billing, kv: e.stores.kv, messengers: new Map([['slack', e.messenger]]), clock, logger },
    { thresholdCents: 1000, channel, intervalMs: 5 * 60_000, ...options },
  );
  return { m, clock, logger };
}

const alerts = (e: Live) => e.messenger.channelPosts().filter((p) => p.kind === 'post');

async function balances(e: Live, m: LowBalanceMonitor, dollars: number[]) {
  const results = [];
  for (const d of dollars) {
    e.sim.controls.setBalance(d);
    results.push(await m.checkOnce());
  }
  return results;
}

describe('LowBalanceMonitor', () => {
  it('posts once below the threshold, with a top-up button back to twice the threshold', async () => {
    env = await live();
    const { m } = monitor(env);
    expect(await balances(env, m, [42.5, 9.5, 8, 7])).toEqual(['unchanged', 'alerted', 'unchanged', 'unchanged']);
    const [alert] = alerts(env);
    expect(alert?.channelId).toBe('C-alerts');
    expect(alert?.reply.title).toBe('Low balance: $9.50');
    expect(alert?.reply.buttons).toEqual([
      { kind: 'action', action: 'topup', value: '2000', label: 'Request top-up ($20.00)', style: 'primary' },
      { kind: 'action', action: 'topup_custom', value: '2000', label: 'Custom amount' },
    ]);
  });

  it('alerts once while the balance hovers at the threshold (9.99, 10.01, 9.98, 9.97 against $10)', async () => {
    env = await live();
    const { m } = monitor(env);
    expect(await balances(env, m, [9.99, 10.01, 9.98, 9.97])).toEqual([
      'alerted',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(alerts(env)).toHaveLength(1);
    // Recovery means $1 above the threshold; after it, a new dip alerts again.
    expect(await balances(env, m, [11, 9])).toEqual(['recovered', 'alerted']);
    expect(alerts(env)).toHaveLength(2);
    expect(env.messenger.latest(alerts(env)[0]!.ref!)?.title).toBe('Balance recovered: $11.00');
  });

  it('with no re-arm margin, recovery is "at or above the threshold"', async () => {
    env = await live();
    const { m } = monitor(env, { rearmMarginCents: 0 });
    expect(await balances(env, m, [9.99, 10, 9.98, 9.97])).toEqual(['alerted', 'recovered', 'alerted', 'unchanged']);
  });

  it('does not repeat the alert after a restart between two checks', async () => {
    env = await live();
    const first = monitor(env);
    await balances(env, first.m, [9]);
    first.m.stop();
    const restarted = monitor(env);
    expect(await balances(env, restarted.m, [8.5])).toEqual(['unchanged']);
    expect(alerts(env)).toHaveLength(1);
  });

  it('posts one alert per dip when two bot processes share the store (only the lease holder checks)', async () => {
    env = await live();
    const e = env;
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0));
    // Both balance reads answer together, as when two processes' timers fire at the same moment.
    let arrived = 0;
    let release: () => void = () => {};
    const together = new Promise<void>((r) => {
      release = r;
    });
    const billing: BillingPort = {
      ...e.billing,
      getBalance: async () => {
        const balance = await e.billing.getBalance();
        if (++arrived === 2) release();
        await Promise.race([together, new Promise((r) => setTimeout(r, 200))]);
        return balance;
      },
    };
    const processMonitor = (ownerId: string) =>
      new LowBalanceMonitor(
        {
          billing,
          kv: e.stores.kv,
          messengers: new Map([['slack', e.messenger]]),
          clock,
          logger: capturingLogger(),
          leases: e.stores.leases,
          ownerId,
        },
        { thresholdCents: 1000, channel, intervalMs: 5 * 60_000 },
      );
    const a = processMonitor('bot-a');
    const b = processMonitor('bot-b');
    e.sim.controls.setBalance(9);
    const first = await Promise.all([a.checkOnce(), b.checkOnce()]);
    const second = await Promise.all([a.checkOnce(), b.checkOnce()]);
    expect(first.sort()).toEqual(['alerted', 'unchanged']);
    expect(second).toEqual(['unchanged', 'unchanged']);
    expect(alerts(e)).toHaveLength(1);
  });

  it('changes nothing when the balance check fails, and logs it', async () => {
    env = await live();
    const { m, logger } = monitor(env);
    env.sim.controls.setBalance(9);
    env.sim.controls.failNext(1, 503);
    expect(await m.checkOnce()).toBe('failed');
    expect(alerts(env)).toEqual([]);
    expect(await env.stores.kv.get('low-balance:slack:C-alerts')).toBeUndefined();
    expect(logger.lines.join('\n')).toContain('balance lookup failed');
    expect(await m.checkOnce()).toBe('alerted');
  });

  it('tries the post again on the next check when it failed', async () => {
    env = await live();
    const { m } = monitor(env);
    env.sim.controls.setBalance(9);
    env.messenger.beforeSend = () => {
      throw new Error('slack down');
    };
    expect(await m.checkOnce()).toBe('failed');
    env.messenger.beforeSend = undefined;
    expect(await m.checkOnce()).toBe('alerted');
    expect(alerts(env)).toHaveLength(1);
  });

  it('checks on start and then every interval on the clock', async () => {
    env = await live();
    const { m, clock } = monitor(env);
    env.sim.controls.setBalance(9);
    m.start();
    await env.waitFor(() => alerts(env!).length === 1, 'first alert');
    env.sim.controls.setBalance(20);
    await clock.advance(5 * 60_000);
    await env.waitFor(
      async () => (await env!.stores.kv.get<{ phase: string }>('low-balance:slack:C-alerts'))?.phase === 'armed',
      'recovery',
    );
    m.stop();
    env.sim.controls.setBalance(5);
    await clock.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(alerts(env)).toHaveLength(1);
  });

  it('suggests enough to reach twice the threshold, at least $10, in whole $10', () => {
    expect(suggestedTopUpCents(950, 1000)).toBe(2000);
    expect(suggestedTopUpCents(0, 10_000)).toBe(20_000);
    expect(suggestedTopUpCents(4_999, 5_000)).toBe(6_000);
    expect(suggestedTopUpCents(90, 100)).toBe(1000);
  });
});

describe('Request top-up', () => {
  it('opens a fund request for the clicker with the suggested amount, under the /ml-fund rules', async () => {
    env = await live({ policy: { maxFundCents: 5000 } });
    await env.click(alice, 'topup', '2000');
    const id = env.lastRequestId();
    const request = await env.stores.requests.get(id);
    expect(request).toMatchObject({
      purpose: 'fund',
      amountCents: 2000,
      state: 'awaiting_approval',
      note: 'low-balance top-up',
    });
    expect(request?.requester.id).toBe(alice.id);
    const [tooMuch] = await env.click(alice, 'topup', '9000');
    expect(tooMuch?.text).toContain('Amounts can be at most $50.00.');
    const [forged] = await env.click(alice, 'topup', '-5');
    expect(forged?.text).toContain('That top-up button is broken.');
  });
});
