import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { RequestStore } from '../../src/core/shared/ports.ts';
import type { Stores } from '../../src/store/index.ts';
import type { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { SCAN_PAGE_SIZE } from '../../src/watcher/store-rescan.ts';
import { FakeBilling } from './fake-billing.ts';
import { awaitingPayment, HOUR, MINUTE, makeWatcher, memoryStores } from './harness.ts';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
const COUNT = 2 * SCAN_PAGE_SIZE + 37;

/** The real store, with a record of how the watcher read it. */
function observed(requests: RequestStore, betweenPages?: (pagesSoFar: number) => Promise<void>) {
  const seen = { pages: [] as number[], listOpenCalls: 0 };
  const store: RequestStore = {
    get: (id) => requests.get(id),
    put: (request) => requests.put(request),
    listSince: (sinceMs) => requests.listSince(sinceMs),
    listOpen: () => {
      seen.listOpenCalls += 1;
      return requests.listOpen();
    },
    async *scanOpen(batchSize) {
      for await (const page of requests.scanOpen?.(batchSize) ?? []) {
        seen.pages.push(page.length);
        yield page;
        await betweenPages?.(seen.pages.length);
      }
    },
  };
  return { store, seen };
}

describe('checkout watcher restart from a large store', () => {
  let clock: ManualClock;
  let billing: FakeBilling;
  let stores: Stores;
  const watchers: CheckoutWatcherImpl[] = [];

  async function seed(count: number): Promise<void> {
    clock = new ManualClock(T0);
    billing = new FakeBilling(clock);
    stores = await memoryStores(clock);
    for (let n = 0; n < count; n++) {
      billing.addSession(`cs_test_${n}`, T0 + 24 * HOUR);
      await stores.requests.put(awaitingPayment(`req-${n}`, `cs_test_${n}`, T0 - 10 * MINUTE, T0 + 24 * HOUR));
    }
    await stores.requests.put(awaitingPayment('req-paid', 'cs_test_paid', T0, T0 + HOUR, 'paid'));
  }

  afterEach(async () => {
    for (const w of watchers.splice(0)) await w.stop();
    await stores?.close();
  });

  it(`resumes all ${COUNT} pending checkouts, reading at most ${SCAN_PAGE_SIZE} requests at a time`, async () => {
    await seed(COUNT);
    const { store, seen } = observed(stores.requests);
    const { watcher, sink } = makeWatcher({ clock, billing, stores: { ...stores, requests: store } });
    watchers.push(watcher);
    await watcher.start();

    expect(watcher.size()).toBe(COUNT);
    expect(seen.listOpenCalls).toBe(0);
    expect(seen.pages.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen.pages)).toBeLessThanOrEqual(SCAN_PAGE_SIZE);

    // The last one read is watched like the others: its payer pays and clicks "I've paid".
    billing.pay(`cs_test_${COUNT - 1}`);
    watcher.nudge(`cs_test_${COUNT - 1}`);
    await clock.advance(MINUTE);
    expect(sink.for(`req-${COUNT - 1}`)[0]?.outcome.status).toBe('paid');
    expect(billing.callsFor('cs_test_paid')).toEqual([]);
  });

  it('leaves out a checkout another process closed while the restart was still paging', async () => {
    await seed(COUNT);
    const resumedIds = new Set<string>();
    const closedMeanwhile: string[] = [];
    const { store } = observed(stores.requests, async (pagesSoFar) => {
      if (pagesSoFar !== 1) return;
      // After the first page, another process marks paid two requests this scan has not reached yet.
      for (let n = 0; closedMeanwhile.length < 2 && n < COUNT; n++) {
        const id = `req-${n}`;
        if (resumedIds.has(id)) continue;
        const request = (await stores.requests.get(id)) as PaymentRequest;
        // Paid: its session is confirmed, so nothing of it is left to watch.
        const attempts = request.attempts.map((a) => ({ ...a, confirmedAt: clock.now(), sessionEnd: 'paid' as const }));
        await stores.requests.put({ ...request, state: 'paid', attempts, version: request.version + 1 });
        closedMeanwhile.push(id);
      }
    });
    const recording: RequestStore = {
      ...store,
      async *scanOpen(batchSize) {
        for await (const page of store.scanOpen?.(batchSize) ?? []) {
          for (const r of page) resumedIds.add(r.id);
          yield page;
        }
      },
    };
    const { watcher } = makeWatcher({ clock, billing, stores: { ...stores, requests: recording } });
    watchers.push(watcher);
    await watcher.start();

    expect(closedMeanwhile).toHaveLength(2);
    expect(watcher.size()).toBe(COUNT - 2);
    await clock.advance(10 * MINUTE);
    for (const id of closedMeanwhile) expect(billing.callsFor(`cs_test_${id.slice(4)}`), id).toEqual([]);
  });

  it('reads a store without scanOpen whole, with listOpen', async () => {
    await seed(12);
    const plain: RequestStore = {
      get: (id) => stores.requests.get(id),
      put: (r) => stores.requests.put(r),
      listOpen: () => stores.requests.listOpen(),
      listSince: (since) => stores.requests.listSince(since),
    };
    const { watcher } = makeWatcher({ clock, billing, stores: { ...stores, requests: plain } });
    watchers.push(watcher);
    await watcher.start();
    expect(watcher.size()).toBe(12);
  });
});
