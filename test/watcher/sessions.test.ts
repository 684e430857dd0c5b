/**
 * The watcher follows sessions, not requests: repeated "I've paid" clicks never push a due check
 * later; a closed request's session stays watched in the background (slower, behind people's
 * checks) until it can no longer be paid; a session ModelsLab still calls open after the bot's
 * expiry is reported once and watched through the grace; "not found" does not end the watch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { Stores } from '../../src/store/index.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';
import type { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { FakeBilling } from './fake-billing.ts';
import { HOUR, MINUTE, makeWatcher, memoryStores, watchFor } from './harness.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('checkout watcher sessions', () => {
  let clock: ManualClock;
  let billing: FakeBilling;
  let stores: Stores;
  let watcher: CheckoutWatcherImpl | undefined;

  afterEach(async () => {
    await watcher?.stop();
    watcher = undefined;
  });

  async function setUp(budgetPerMin = 15) {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const made = makeWatcher({ clock, billing, stores, budget: new MemoryRateBudget(budgetPerMin) });
    watcher = made.watcher;
    await watcher.start();
    return made;
  }

  it('never lets repeated "I\'ve paid" clicks push a due check later', async () => {
    await setUp();
    billing.addSession('cs_click', T0 + 24 * HOUR);
    watcher?.watch(watchFor('req-click', 'cs_click', T0 + 24 * HOUR));
    // The first check is due at T0 + 5 s. The payer clicks every 2 s from T0 + 4 s; each click
    // used to move the check to click + 3 s, so none ran while the clicks went on.
    for (let at = 4_000; at <= 20_000; at += 2_000) clock.setTimer(() => watcher?.nudge('cs_click'), at);
    await clock.advance(21_000);
    const first = billing.callsFor('cs_click')[0];
    expect(first?.at).toBeLessThanOrEqual(T0 + 5_000);
    // And the burst still runs: more than one check during the clicks.
    expect(billing.callsFor('cs_click').filter((c) => c.at <= T0 + 21_000).length).toBeGreaterThan(2);
  });

  it("keeps a closed request's session watched in the background until it is paid, behind waited-for checks", async () => {
    const { sink } = await setUp();
    billing.addSession('cs_open', T0 + 24 * HOUR);
    billing.addSession('cs_closed', T0 + 24 * HOUR);
    watcher?.watch(watchFor('req-open', 'cs_open', T0 + 24 * HOUR));
    watcher?.watch(watchFor('req-closed', 'cs_closed', T0 + 24 * HOUR));
    await clock.advance(10_000);
    // The request closes (Cancel): the engine hands the same session over again, as background.
    watcher?.watch({ ...watchFor('req-closed', 'cs_closed', T0 + 24 * HOUR), background: true });
    await clock.advance(HOUR);
    const open = billing.callsFor('cs_open').length;
    const closed = billing.callsFor('cs_closed').length;
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(open / 2);

    billing.pay('cs_closed');
    await clock.advance(2 * HOUR);
    const report = sink.for('req-closed')[0];
    expect(report?.outcome.status).toBe('paid');
    expect(report?.ended).toBe(true);
    expect(watcher?.size()).toBe(1);
  });

  it('reports "not found" once and keeps watching until expiry, so a later payment is still seen', async () => {
    const { sink } = await setUp();
    // ModelsLab does not know the session yet (a replica behind, a restored sandbox): several answers.
    watcher?.watch(watchFor('req-nf', 'cs_nf', T0 + 2 * HOUR));
    await clock.advance(30 * MINUTE);
    expect(billing.callsFor('cs_nf').length).toBeGreaterThan(2);
    expect(sink.for('req-nf').map((r) => [r.outcome.status, r.ended])).toEqual([['not_found', false]]);
    billing.addSession('cs_nf', T0 + 2 * HOUR);
    billing.pay('cs_nf');
    await clock.advance(HOUR);
    expect(sink.for('req-nf').map((r) => [r.outcome.status, r.ended])).toEqual([
      ['not_found', false],
      ['paid', true],
    ]);
  });
});
