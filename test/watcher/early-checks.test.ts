import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { Stores } from '../../src/store/index.ts';
import { type CheckoutWatcherImpl, DEFAULT_WATCHER_OPTIONS, type WatcherOptions } from '../../src/watcher/index.ts';
import { FakeBilling } from './fake-billing.ts';
import { HOUR, MINUTE, makeWatcher, memoryStores, percentile, seededRandom, watchFor } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
const SCHEDULE_ONLY: Partial<WatcherOptions> = { earlyChecks: false };

interface BurstResult {
  readonly label: string;
  readonly calls: number;
  readonly rateLimited: number;
  readonly undetected: number;
  readonly unclicked: readonly number[];
  readonly clicked: readonly number[];
  /** Most calls the watcher made in any one clock minute while payers were still paying. */
  readonly busiestMinute: number;
  readonly meanPerMinute: number;
}

describe('early checks from spare budget', () => {
  let stores: Stores | undefined;
  let watcher: CheckoutWatcherImpl | undefined;

  afterEach(async () => {
    await watcher?.stop();
    await stores?.close();
    watcher = undefined;
    stores = undefined;
  });

  /**
   * 200 links at t=0, each paid at a seeded random moment in the next 2 h; every third payer
   * clicks "I've paid" 5 to 60 s after paying. Budget 15/min, as ModelsLab allows.
   */
  async function burst(label: string, options: Partial<WatcherOptions>): Promise<BurstResult> {
    const clock = new ManualClock(T0);
    const billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const made = makeWatcher({ clock, billing, stores, options });
    watcher = made.watcher;
    await watcher.start();

    const random = seededRandom(20261129);
    const payers: { id: string; payAt: number; clickAt: number | undefined }[] = [];
    for (let n = 0; n < 200; n++) {
      const sessionId = `cs_test_${n}`;
      billing.addSession(sessionId, T0 + 24 * HOUR);
      watcher.watch(watchFor(`req-${n}`, sessionId, T0 + 24 * HOUR));
      const payAt = T0 + 20_000 + Math.floor(random() * (2 * HOUR - 20_000));
      const clickAt = n % 3 === 0 ? payAt + 5_000 + Math.floor(random() * 55_000) : undefined;
      payers.push({ id: `req-${n}`, payAt, clickAt });
      clock.setTimer(() => billing.pay(sessionId), payAt - T0);
      if (clickAt !== undefined) clock.setTimer(() => watcher?.nudge(sessionId), clickAt - T0);
    }
    await clock.advance(3 * HOUR);

    const unclicked: number[] = [];
    const clicked: number[] = [];
    let undetected = 0;
    for (const { id, payAt, clickAt } of payers) {
      const seenAt = made.sink.for(id).find((r) => r.outcome.status === 'paid')?.at;
      if (seenAt === undefined) undetected += 1;
      else if (clickAt === undefined) unclicked.push(seenAt - payAt);
      else clicked.push(Math.max(0, seenAt - clickAt));
    }
    const perMinute = new Map<number, number>();
    for (const c of billing.calls) {
      const minute = Math.floor((c.at - T0) / MINUTE);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    const payingMinutes = [...perMinute].filter(([m]) => m < 120).map(([, n]) => n);
    const result: BurstResult = {
      label,
      calls: billing.calls.length,
      rateLimited: billing.rateLimited,
      undetected,
      unclicked,
      clicked,
      busiestMinute: Math.max(...payingMinutes),
      meanPerMinute: payingMinutes.reduce((a, b) => a + b, 0) / 120,
    };
    const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
    console.log(
      `burst, ${label}: no click p50 ${s(percentile(unclicked, 50))} / p95 ${s(percentile(unclicked, 95))}; ` +
        `"I've paid" p50 ${s(percentile(clicked, 50))} / p95 ${s(percentile(clicked, 95))}; ` +
        `${result.calls} calls (${(result.calls / 200).toFixed(1)} per checkout), ` +
        `${result.meanPerMinute.toFixed(1)}/min mean, ${result.busiestMinute} busiest minute; 429s ${result.rateLimited}`,
    );
    await watcher.stop();
    await stores.close();
    watcher = undefined;
    stores = undefined;
    return result;
  }

  it('spends spare budget in the 200-link burst: earlier detection, no 429, clicks still fast', async () => {
    const before = await burst('schedule only', SCHEDULE_ONLY);
    const after = await burst('with early checks', {});

    for (const run of [before, after]) {
      expect(run.rateLimited, run.label).toBe(0);
      expect(run.undetected, run.label).toBe(0);
    }
    const p50 = (values: readonly number[]) => percentile(values, 50);
    // The spare budget is what buys the improvement: more calls a minute, never past the limit.
    expect(after.meanPerMinute).toBeGreaterThan(before.meanPerMinute + 2);
    expect(after.busiestMinute).toBeLessThanOrEqual(15);
    expect(p50(after.unclicked)).toBeLessThan(p50(before.unclicked) * 0.75);
    expect(percentile(after.unclicked, 95)).toBeLessThan(percentile(before.unclicked, 95));
    // Early checks must not crowd out "I've paid".
    expect(p50(after.clicked)).toBeLessThan(5_000);
    expect(percentile(after.clicked, 95)).toBeLessThan(30_000);
    // Still far below a naive poller's 1,440 calls per checkout over 2 h at one per 5 s.
    expect(after.calls / 200).toBeLessThan(1_440 / 5);
  });

  async function lone(options: Partial<WatcherOptions>): Promise<{ calls: number[]; status: string[] }> {
    const clock = new ManualClock(T0);
    const billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    const made = makeWatcher({ clock, billing, stores, options });
    watcher = made.watcher;
    await watcher.start();
    billing.addSession('cs_test_lone', T0 + 24 * HOUR);
    watcher.watch(watchFor('req-lone', 'cs_test_lone', T0 + 24 * HOUR));
    await clock.advance(24 * HOUR + MINUTE);
    const status = made.sink.for('req-lone').map((r) => r.outcome.status);
    await watcher.stop();
    await stores.close();
    watcher = undefined;
    stores = undefined;
    return { calls: billing.calls.map((c) => c.at - T0), status };
  }

  it('keeps a lone 24-hour link nobody pays to its schedule plus a bounded few early checks', async () => {
    const plain = await lone(SCHEDULE_ONLY);
    const early = await lone({});
    const noAllowance = await lone({ earlyChecksPerLink: 0 });
    console.log(
      `lone unpaid 24 h link: ${plain.calls.length} calls schedule only, ${early.calls.length} with early checks`,
    );
    expect(early.status).toEqual(['expired']);
    expect(early.calls.length).toBeGreaterThan(plain.calls.length);
    expect(early.calls.length).toBeLessThanOrEqual(130);
    expect(early.calls.length).toBeLessThanOrEqual(plain.calls.length + DEFAULT_WATCHER_OPTIONS.earlyChecksPerLink);
    expect(noAllowance.calls).toEqual(plain.calls);
    // The extra checks go where payments happen: the first hours, not the night.
    const after3h = (calls: number[]) => calls.filter((at) => at > 3 * HOUR).length;
    expect(after3h(early.calls)).toBeLessThanOrEqual(after3h(plain.calls));
    // Never two checks within the min gap once the schedule's own fast start (5 s steps) is over.
    const late = early.calls.filter((at) => at > 5 * MINUTE);
    const gaps = late.slice(1).map((at, i) => at - (late[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45_000);
  });

  it('leaves headroom: early checks stop at earlyCallsPerMinute, and they do use it', async () => {
    const clock = new ManualClock(T0);
    const billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    watcher = makeWatcher({ clock, billing, stores, options: { earlyCallsPerMinute: 10 } }).watcher;
    await watcher.start();
    for (let n = 0; n < 60; n++) {
      billing.addSession(`cs_test_${n}`, T0 + 24 * HOUR);
      watcher.watch(watchFor(`req-${n}`, `cs_test_${n}`, T0 + 24 * HOUR));
    }
    await clock.advance(2 * HOUR);
    // An hour on, the schedule alone wants about 4 calls a minute for 60 links; the rest is spare.
    const from = T0 + HOUR;
    const times = billing.calls.map((c) => c.at).filter((at) => at >= from);
    let busiest = 0;
    for (let i = 0; i < times.length; i++) {
      const start = times[i] ?? 0;
      busiest = Math.max(busiest, times.filter((at) => at >= start && at < start + MINUTE).length);
    }
    expect(busiest).toBeLessThanOrEqual(10);
    expect(times.length / 60).toBeGreaterThan(9);
    expect(billing.rateLimited).toBe(0);
  });
});
