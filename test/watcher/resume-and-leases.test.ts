import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { MemoryRateBudget, type Stores } from '../../src/store/index.ts';
import type { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { FakeBilling } from './fake-billing.ts';
import { awaitingPayment, HOUR, MINUTE, makeWatcher, memoryStores, persistOutcomes } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);

describe('checkout watcher across restarts and processes', () => {
  let clock: ManualClock;
  let billing: FakeBilling;
  let stores: Stores;
  const watchers: CheckoutWatcherImpl[] = [];

  async function seed(count: number): Promise<string[]> {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const id = `req-${n}`;
      billing.addSession(`cs_test_${n}`, T0 + 24 * HOUR);
      await stores.requests.put(awaitingPayment(id, `cs_test_${n}`, T0 - 10 * MINUTE, T0 + 24 * HOUR));
      ids.push(id);
    }
    return ids;
  }

  afterEach(async () => {
    for (const w of watchers.splice(0)) await w.stop();
    await stores?.close();
  });

  it('resumes every pending checkout from the store after a restart', async () => {
    await seed(10);
    await stores.requests.put(awaitingPayment('req-link', 'cs_test_link', T0, T0 + HOUR, 'link_created'));
    billing.addSession('cs_test_link', T0 + HOUR);
    await stores.requests.put({ ...awaitingPayment('req-approved', 'x', T0, T0 + HOUR, 'approved'), attempts: [] });
    await stores.requests.put(awaitingPayment('req-paid', 'cs_test_paid', T0, T0 + HOUR, 'paid'));

    const first = makeWatcher({ clock, billing, stores });
    await first.watcher.start();
    expect(first.watcher.size()).toBe(11);
    await clock.advance(2 * MINUTE);
    await first.watcher.stop();

    for (const n of [1, 4, 7]) billing.pay(`cs_test_${n}`);
    billing.pay('cs_test_link');
    await clock.advance(5 * MINUTE); // nobody is watching

    const second = makeWatcher({ clock, billing, stores });
    watchers.push(second.watcher);
    await second.watcher.start();
    expect(second.watcher.size()).toBe(11);
    await clock.advance(3 * MINUTE);
    const paid = second.sink.reported.filter((r) => r.outcome.status === 'paid').map((r) => r.watch.requestId);
    expect(paid.sort()).toEqual(['req-1', 'req-4', 'req-7', 'req-link']);
    expect(billing.callsFor('cs_test_paid')).toEqual([]);
    expect(billing.rateLimited).toBe(0);
  });

  it('never lets two watchers poll one checkout, and takes over a dead one within the lease time', async () => {
    const ids = await seed(12);
    const budget = new MemoryRateBudget(15); // in production: one Redis bucket for both
    const a = makeWatcher({ clock, billing, stores, budget, caller: 'a', leases: true });
    const b = makeWatcher({ clock, billing, stores, budget, caller: 'b', leases: true });
    watchers.push(b.watcher);
    persistOutcomes(a.sink, stores);
    persistOutcomes(b.sink, stores);
    await a.watcher.start();
    await b.watcher.start();
    await clock.advance(10 * MINUTE);

    const pollers = (sessionId: string, until = Number.POSITIVE_INFINITY) =>
      new Set(
        billing
          .callsFor(sessionId)
          .filter((c) => c.at < until)
          .map((c) => c.caller),
      );
    for (let n = 0; n < ids.length; n++) expect(pollers(`cs_test_${n}`).size, `cs_test_${n}`).toBe(1);
    const ownedByA = ids.map((_, n) => `cs_test_${n}`).filter((s) => pollers(s).has('a'));
    expect(ownedByA.length).toBeGreaterThan(0);
    expect(ownedByA.length).toBeLessThan(ids.length);

    // A dies without releasing its leases; its payers pay right after.
    await a.watcher.stop({ releaseLeases: false });
    const diedAt = clock.now();
    for (const s of ownedByA) billing.pay(s);
    await clock.advance(3 * MINUTE);

    const firstByB: number[] = [];
    for (const s of ownedByA) {
      const byB = billing.callsFor(s).filter((c) => c.caller === 'b');
      expect(byB.length, s).toBeGreaterThan(0);
      expect(byB[0]?.at, s).toBeGreaterThanOrEqual(diedAt);
      firstByB.push(byB[0]?.at ?? Number.POSITIVE_INFINITY);
    }
    // B comes back the moment A's leases lapse (LeaseStore.timeLeft), within one lease lifetime;
    // after that the shared 15/min budget paces the checks (~4.6 s apart once the burst is spent).
    expect(Math.min(...firstByB)).toBeLessThanOrEqual(diedAt + 30_000 + 5_000);
    expect(Math.max(...firstByB)).toBeLessThanOrEqual(diedAt + 30_000 + ownedByA.length * 5_000 + 10_000);
    expect(billing.calls.filter((c) => c.caller === 'a' && c.at > diedAt)).toEqual([]);
    const paidByB = b.sink.reported.filter((r) => r.outcome.status === 'paid').map((r) => r.watch.sessionId);
    expect(paidByB.sort()).toEqual([...ownedByA].sort());
    expect(a.sink.reported).toEqual([]);
    expect(billing.rateLimited).toBe(0);
  });

  it('picks up checkouts another process created, and its "I\'ve paid" clicks, by rescanning', async () => {
    await seed(0);
    const b = makeWatcher({ clock, billing, stores, caller: 'b', leases: true });
    watchers.push(b.watcher);
    await b.watcher.start();
    expect(b.watcher.size()).toBe(0);

    const request = awaitingPayment('req-late', 'cs_test_late', T0 - HOUR, T0 + HOUR);
    billing.addSession('cs_test_late', T0 + HOUR);
    await stores.requests.put(request);
    await clock.advance(31_000);
    expect(b.watcher.size()).toBe(1);

    // Another process recorded the click; its watcher is gone.
    await clock.advance(30 * MINUTE);
    billing.pay('cs_test_late');
    const clickedAt = clock.now();
    const attempt = request.attempts[0];
    if (!attempt) throw new Error('fixture has an attempt');
    await stores.requests.put({ ...request, attempts: [{ ...attempt, paidClickedAt: clickedAt }], version: 4 });
    await clock.advance(90_000);
    const report = b.sink.for('req-late')[0];
    expect(report?.outcome.status).toBe('paid');
    expect((report?.at ?? Number.POSITIVE_INFINITY) - clickedAt).toBeLessThanOrEqual(60_000);
  });
});
