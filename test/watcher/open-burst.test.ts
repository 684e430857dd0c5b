/**
 * An open of the tracked pay link tells the watcher the payer is on Stripe's page: checks follow
 * 45 s, 90 s, 3 min and 6 min after it, inside the shared budget, never later than a check was
 * already due, and behind "I've paid".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { Stores } from '../../src/store/index.ts';
import type { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { FakeBilling } from './fake-billing.ts';
import { awaitingPayment, HOUR, MINUTE, makeWatcher, memoryStores, watchFor } from './harness.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('the open burst', () => {
  let clock: ManualClock;
  let billing: FakeBilling;
  let stores: Stores;
  let watcher: CheckoutWatcherImpl | undefined;

  async function setUp() {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    // No early checks: what is measured is the schedule, not spare budget.
    const made = makeWatcher({ clock, billing, stores, options: { earlyChecks: false } });
    watcher = made.watcher;
    await watcher.start();
    return made;
  }

  function add(n: number, at = clock.now()) {
    const sessionId = `cs_test_${n}`;
    billing.addSession(sessionId, at + 24 * HOUR);
    watcher?.watch(watchFor(`req-${n}`, sessionId, at + 24 * HOUR));
    return sessionId;
  }

  afterEach(async () => {
    await watcher?.stop();
    await stores?.close();
  });

  it('checks 45 s, 90 s, 3 min and 6 min after an open of an old link', async () => {
    await setUp();
    const session = add(1);
    await clock.advance(4 * HOUR); // the regular interval is now about an hour
    const opened = clock.now();
    const before = billing.callsFor(session).length;
    watcher?.linkOpened(session);
    await clock.advance(7 * MINUTE);
    const after = billing
      .callsFor(session)
      .slice(before)
      .map((c) => c.at - opened);
    expect(after).toEqual([45_000, 90_000, 180_000, 360_000]);
  });

  it('without an open the old link waits for its regular check (the burst is what makes it fast)', async () => {
    await setUp();
    const session = add(1);
    await clock.advance(4 * HOUR);
    const before = billing.callsFor(session).length;
    await clock.advance(7 * MINUTE);
    expect(billing.callsFor(session).length - before).toBeLessThanOrEqual(1);
  });

  it('never pushes a due check later: a young link keeps its sooner check', async () => {
    await setUp();
    const session = add(1);
    await clock.advance(6_000); // first check at 5 s; next at about 5 s later
    const opened = clock.now();
    const before = billing.callsFor(session).length;
    watcher?.linkOpened(session);
    await clock.advance(20_000);
    const first = billing.callsFor(session)[before];
    expect(first).toBeDefined();
    expect((first?.at ?? 0) - opened).toBeLessThan(45_000);
  });

  it('a payment after an open is seen within a minute, and "I\'ve paid" keeps priority over opens', async () => {
    await setUp();
    // 40 old links, all opened at once, saturate the budget with burst checks.
    const sessions = Array.from({ length: 40 }, (_, n) => add(n));
    await clock.advance(4 * HOUR);
    for (const s of sessions) watcher?.linkOpened(s);
    await clock.advance(44_000);
    const clicked = sessions[39] ?? '';
    billing.pay(clicked);
    watcher?.nudge(clicked);
    const at = clock.now();
    await clock.advance(60_000);
    const check = billing.callsFor(clicked).find((c) => c.at >= at);
    expect((check?.at ?? Number.POSITIVE_INFINITY) - at).toBeLessThanOrEqual(10_000);
    // Inside the budget: ModelsLab never answered 429.
    expect(billing.rateLimited).toBe(0);
  });

  it('an open another process recorded in the store (or one before a restart) starts the burst here too', async () => {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const created = T0 - 4 * HOUR;
    billing.addSession('cs_test_stored', created + 24 * HOUR);
    const request = awaitingPayment('req-stored', 'cs_test_stored', created, created + 24 * HOUR);
    const attempt = request.attempts[0];
    if (attempt) attempt.linkOpens = [T0 - 10_000];
    await stores.requests.put(request);
    watcher = makeWatcher({ clock, billing, stores, options: { earlyChecks: false } }).watcher;
    await watcher.start();
    await clock.advance(7 * MINUTE);
    // The start-up check, then the burst counted from the stored open.
    const after = billing.callsFor('cs_test_stored').map((c) => c.at - (T0 - 10_000));
    expect(after).toEqual(expect.arrayContaining([45_000, 90_000, 180_000, 360_000]));
  });
});
