import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const link = () => h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 });

describe('rate limits', () => {
  it('15 billing calls per window, the 16th is 429 with Retry-After; the next window is open again', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0, 0));
    h = await startSim({ clock });
    for (let i = 0; i < 15; i++) {
      const res = await link();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('15');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(14 - i));
      expect(res.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 10, 29, 12, 1, 0) / 1000));
      if (i === 4) await clock.advance(20_000);
    }
    const limited = await link();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 10, 29, 12, 1, 0) / 1000));
    expect(h.sim.state.sessions()).toHaveLength(15);

    // general calls have their own budget
    const read = await h.call('GET', '/wallet/balance');
    expect(read.status).toBe(200);
    expect(read.headers.get('x-ratelimit-limit')).toBe('120');
    expect(read.headers.get('x-ratelimit-remaining')).toBe('119');

    await clock.advance(40_000);
    const next = await link();
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('14');
  });

  it('counts per account: two tokens of one account share its limit, like ModelsLab', async () => {
    h = await startSim({ clock: new ManualClock(), tokens: ['a', 'b'], billingPerMin: 2 });
    const fund = (token: string) => h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { token });
    expect((await fund('a')).status).toBe(200);
    expect((await fund('b')).status).toBe(200);
    expect((await fund('a')).status).toBe(429);
    expect((await fund('b')).status).toBe(429);
  });

  it("rateLimitPer: 'token' gives each token of an account its own window (for benchmarks)", async () => {
    h = await startSim({ clock: new ManualClock(), tokens: ['a', 'b'], billingPerMin: 2, rateLimitPer: 'token' });
    const fund = (token: string) => h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { token });
    expect((await fund('a')).status).toBe(200);
    expect((await fund('a')).status).toBe(200);
    expect((await fund('a')).status).toBe(429);
    expect((await fund('b')).status).toBe(200);
    expect(h.sim.state.sessions()).toHaveLength(3);
  });

  it('general calls: 120 per window, configurable', async () => {
    h = await startSim({ clock: new ManualClock(), generalPerMin: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.call('GET', '/billing/overview')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await link()).status).toBe(200);
  });
});
