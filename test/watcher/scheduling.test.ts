import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { Stores } from '../../src/store/index.ts';
import type { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { FakeBilling } from './fake-billing.ts';
import { HOUR, MINUTE, makeWatcher, memoryStores, percentile, seededRandom, watchFor } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);

describe('checkout watcher scheduling', () => {
  let clock: ManualClock;
  let billing: FakeBilling;
  let stores: Stores;
  let watcher: CheckoutWatcherImpl | undefined;

  async function setUp() {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const made = makeWatcher({ clock, billing, stores });
    watcher = made.watcher;
    await watcher.start();
    return made;
  }

  function addCheckout(n: number, expiresInMs = 24 * HOUR) {
    const sessionId = `cs_test_${n}`;
    billing.addSession(sessionId, clock.now() + expiresInMs);
    watcher?.watch(watchFor(`req-${n}`, sessionId, clock.now() + expiresInMs));
    return sessionId;
  }

  afterEach(async () => {
    await watcher?.stop();
    await stores?.close();
  });

  it('detects every payment among 50 pending checkouts over 2 hours with zero 429s', async () => {
    const { sink } = await setUp();
    const random = seededRandom(20261129);
    const payers = new Map<string, number>();
    for (let n = 0; n < 50; n++) {
      const sessionId = addCheckout(n);
      if (random() < 0.8) {
        const payAt = T0 + Math.floor(random() * 2 * HOUR);
        payers.set(`req-${n}`, payAt);
        clock.setTimer(() => billing.pay(sessionId), payAt - T0);
      }
    }

    await clock.advance(2 * HOUR + 45 * MINUTE);

    const delays: number[] = [];
    for (const [requestId, payAt] of payers) {
      const reports = sink.for(requestId);
      expect(
        reports.map((r) => r.outcome.status),
        requestId,
      ).toEqual(['paid']);
      delays.push((reports[0]?.at ?? Number.NaN) - payAt);
    }
    expect(billing.rateLimited).toBe(0);
    expect(sink.reported).toHaveLength(payers.size);
    expect(watcher?.size()).toBe(50 - payers.size);
    expect(billing.calls.every((c) => c.idempotencyKey === `confirm-${c.sessionId}`)).toBe(true);

    const perCheckout = billing.calls.length / 50;
    const p50 = percentile(delays, 50) / 1000;
    const p95 = percentile(delays, 95) / 1000;
    console.log(
      `watcher: 50 checkouts, ${payers.size} paid over 2 h: ${billing.calls.length} confirm calls ` +
        `(${perCheckout.toFixed(1)} per checkout), 429s ${billing.rateLimited}, ` +
        `detection delay p50 ${p50.toFixed(0)} s, p95 ${p95.toFixed(0)} s, max ${(Math.max(...delays) / 1000).toFixed(0)} s`,
    );
    expect(p95).toBeLessThan(30 * 60);
  });

  it('keeps a 24-hour link that is never paid to about a hundred calls', async () => {
    const { sink } = await setUp();
    const sessionId = addCheckout(1);
    await clock.advance(24 * HOUR + MINUTE);
    const calls = billing.callsFor(sessionId).length;
    console.log(`watcher: an unpaid 24 h link cost ${calls} confirm calls`);
    expect(calls).toBeLessThan(120);
    expect(sink.for('req-1').map((r) => r.outcome.status)).toEqual(['expired']);
  });

  it('checks an "I\'ve paid" click within 30 s even when the budget is saturated', async () => {
    const { sink } = await setUp();
    for (let n = 0; n < 30; n++) addCheckout(n);
    const nudged = addCheckout(100);
    const control = addCheckout(101);
    await clock.advance(20 * MINUTE);
    billing.pay(nudged);
    billing.pay(control);
    const paidAt = clock.now();
    await clock.advance(1_000);
    watcher?.nudge(nudged);
    await clock.advance(60_000);

    const report = sink.for('req-100')[0];
    expect(report?.outcome.status).toBe('paid');
    const delay = (report?.at ?? Number.POSITIVE_INFINITY) - paidAt;
    expect(delay).toBeGreaterThanOrEqual(1_000);
    expect(delay).toBeLessThanOrEqual(30_000);
    // Without the click, the same payment waits for the regular back-off.
    const controlReport = sink.for('req-101')[0];
    expect(controlReport === undefined || controlReport.at - paidAt > delay).toBe(true);
    expect(billing.rateLimited).toBe(0);
  });

  it('ends the watch with `expired` after one last check past expiresAt', async () => {
    const { sink } = await setUp();
    const sessionId = addCheckout(1, 30 * MINUTE);
    const expiresAt = T0 + 30 * MINUTE;
    await clock.advance(29 * MINUTE);
    expect(sink.reported).toEqual([]);
    await clock.advance(10 * MINUTE);

    expect(sink.for('req-1').map((r) => r.outcome)).toEqual([{ status: 'expired' }]);
    const calls = billing.callsFor(sessionId);
    expect(calls.at(-1)?.at).toBeGreaterThanOrEqual(expiresAt);
    expect(calls.filter((c) => c.at >= expiresAt)).toHaveLength(1);
    expect(watcher?.size()).toBe(0);
  });

  it('catches a payment made in the last second before expiry', async () => {
    const { sink } = await setUp();
    const sessionId = addCheckout(1, 30 * MINUTE);
    await clock.advance(30 * MINUTE - 800);
    billing.pay(sessionId);
    await clock.advance(MINUTE);
    expect(sink.for('req-1').map((r) => r.outcome.status)).toEqual(['paid']);
  });

  it('keeps watching through error codes it does not know, then sees the payment', async () => {
    const { sink } = await setUp();
    const sessionId = addCheckout(1);
    billing.injectFaults(sessionId, 'http', { pending: 'payment_processing' }, 'http', 'http');
    clock.setTimer(() => billing.pay(sessionId), 10 * MINUTE);
    await clock.advance(9 * MINUTE);
    expect(sink.reported).toEqual([]);
    const results = billing.callsFor(sessionId).map((c) => c.result);
    expect(results.slice(0, 4)).toEqual(['http', 'pending', 'http', 'http']);
    expect(results.length).toBeGreaterThan(5);
    await clock.advance(10 * MINUTE);
    expect(sink.for('req-1').map((r) => r.outcome.status)).toEqual(['paid']);
  });

  it('waits out a rate-limited answer before the next billing call from any checkout', async () => {
    await setUp();
    const first = addCheckout(1);
    addCheckout(2);
    addCheckout(3);
    billing.injectFaults(first, { rateLimitedMs: 45_000 });
    await clock.advance(3 * MINUTE);
    const limited = billing.calls.find((c) => c.result === 'injected-429');
    expect(limited).toBeDefined();
    const after = billing.calls.filter((c) => c.at > (limited?.at ?? 0));
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]?.at).toBeGreaterThanOrEqual((limited?.at ?? 0) + 45_000);
  });

  it('backs off a checkout while ModelsLab is unreachable and keeps the others going', async () => {
    const { sink } = await setUp();
    const down = addCheckout(1);
    const up = addCheckout(2);
    billing.injectFaults(down, 'unavailable', 'unavailable', 'unavailable', 'unavailable');
    billing.pay(up);
    await clock.advance(2 * MINUTE);
    expect(sink.for('req-2').map((r) => r.outcome.status)).toEqual(['paid']);
    const downCalls = billing.callsFor(down).map((c) => c.at - T0);
    const gaps = downCalls.slice(1).map((at, i) => at - (downCalls[i] ?? 0));
    expect(gaps.slice(0, 3)).toEqual([5_000, 10_000, 20_000]);
  });

  it('retries handing the outcome to the engine until it takes it', async () => {
    const { sink } = await setUp();
    const sessionId = addCheckout(1);
    billing.pay(sessionId);
    sink.failNext = 2;
    await clock.advance(MINUTE);
    expect(sink.for('req-1').map((r) => r.outcome.status)).toEqual(['paid']);
    expect(billing.callsFor(sessionId)).toHaveLength(1);
    expect(watcher?.size()).toBe(0);
  });
});
