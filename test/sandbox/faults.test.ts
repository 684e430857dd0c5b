import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim, TOKEN } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('fault controls', () => {
  it('setLatency delays every API answer', async () => {
    h = await startSim();
    h.sim.controls.setLatency(120);
    const started = performance.now();
    expect((await h.call('GET', '/wallet/balance')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    h.sim.controls.setLatency(0);
    const again = performance.now();
    await h.call('GET', '/wallet/balance');
    expect(performance.now() - again).toBeLessThan(100);
  });

  it('failNext answers 5xx server_error without running the call, then recovers', async () => {
    h = await startSim();
    h.sim.controls.failNext(2, 503);
    const a = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 });
    const b = await h.call('GET', '/wallet/balance');
    const c = await h.call('GET', '/wallet/balance');
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.body).toMatchObject({ data: null, error: { code: 'server_error' } });
    expect(h.sim.state.sessions()).toHaveLength(0);
  });

  it('setFailureRate fails the given share of calls', async () => {
    let n = 0;
    // deterministic "random": 0.1, 0.6, 0.1, 0.6 …
    h = await startSim({ random: () => (n++ % 2 === 0 ? 0.1 : 0.6) });
    h.sim.controls.setFailureRate(0.5, 502);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.call('GET', '/wallet/balance')).status);
    expect(statuses).toEqual([502, 200, 502, 200]);
    h.sim.controls.setFailureRate(0);
    expect((await h.call('GET', '/wallet/balance')).status).toBe(200);
  });

  it('hangNext leaves calls unanswered until stop; later calls answer', async () => {
    h = await startSim();
    h.sim.controls.hangNext(1);
    const controller = new AbortController();
    const hung = fetch(`${h.apiUrl}/wallet/balance`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    }).then(
      () => 'answered',
      () => 'failed',
    );
    const raced = await Promise.race([hung, new Promise((r) => setTimeout(() => r('still waiting'), 150))]);
    expect(raced).toBe('still waiting');
    expect((await h.call('GET', '/wallet/balance')).status).toBe(200);
    await h.close();
    expect(await hung).toBe('failed');
  });

  it('malformedNext answers 200 with broken JSON after the change took effect; a keyed retry replays it', async () => {
    h = await startSim();
    h.sim.controls.malformedNext(1);
    const res = await fetch(`${h.apiUrl}/billing/payment-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'm1' },
      body: JSON.stringify({ purpose: 'fund', amount: 10 }),
    });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    const retry = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { key: 'm1' });
    expect(retry.body.meta.idempotency_replay).toBe(true);
    expect(h.sim.state.sessions()).toHaveLength(1);
    expect(retry.body.data.session_id).toBe(h.sim.state.sessions()[0]?.id);
  });

  it('rateLimitStorm answers 429 with Retry-After for its duration of clock time', async () => {
    const clock = new ManualClock();
    h = await startSim({ clock });
    h.sim.controls.rateLimitStorm(10_000);
    const storm = await h.call('GET', '/wallet/balance');
    expect(storm.status).toBe(429);
    expect(storm.body.error.code).toBe('rate_limited');
    expect(storm.headers.get('retry-after')).toBe('10');
    expect(storm.headers.get('x-ratelimit-remaining')).toBe('0');
    await clock.advance(9_500);
    expect((await h.call('GET', '/wallet/balance')).headers.get('retry-after')).toBe('1');
    await clock.advance(500);
    expect((await h.call('GET', '/wallet/balance')).status).toBe(200);
  });

  it('unwrapped mode: stripe-config and payment-link answer without the envelope; others keep it', async () => {
    h = await startSim();
    h.sim.controls.setUnwrapped(true);
    const config = await h.call('GET', '/billing/stripe-config');
    expect(config.body.publishable_key).toMatch(/^pk_test_/);
    expect(config.body.data).toBeUndefined();
    const link = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { key: 'u1' });
    expect(link.body).toMatchObject({ purpose: 'fund', amount: 10 });
    expect(link.body.session_id).toMatch(/^cs_test_/);
    const replay = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { key: 'u1' });
    expect(replay.body).toMatchObject({ session_id: link.body.session_id, idempotency_replay: true });
    expect((await h.call('GET', '/wallet/balance')).body.data.balance).toBe(42.5);
    const bad = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 1 });
    expect(bad.body.error.code).toBe('validation_error');
  });

  it('money-as-strings mode writes every money field as "75.50"', async () => {
    h = await startSim();
    h.sim.controls.setMoneyAsStrings(true);
    h.sim.controls.setBalance(75.5);
    expect((await h.call('GET', '/wallet/balance')).body.data).toEqual({ balance: '75.50', currency: 'USD' });
    const plans = await h.call('GET', '/subscriptions/plans');
    expect(plans.body.data.subscription_plans[0].price).toBe('29.00');
    const link = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: '20.5' });
    expect(link.body.data.amount).toBe('20.50');
    const tx = await h.call('GET', '/wallet/transactions?limit=1');
    expect(tx.body.data.wallet.total_credited).toBe('90.00');
    expect(typeof tx.body.data.items[0].amount).toBe('string');
  });

  it('reset restores seed data and clears faults, sessions and the call log', async () => {
    h = await startSim();
    await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 });
    await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' });
    h.sim.controls.setMoneyAsStrings(true);
    h.sim.controls.failNext(5);
    h.sim.controls.reset();
    expect(h.sim.state.sessions()).toHaveLength(0);
    expect(h.sim.state.calls()).toHaveLength(0);
    const balance = await h.call('GET', '/wallet/balance');
    expect(balance.body.data.balance).toBe(42.5);
    expect((await h.call('GET', '/wallet/coupons/validate?coupon_code=WELCOME10')).status).toBe(200);
  });
});
