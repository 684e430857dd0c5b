/**
 * One contract for every backend: the same behaviour from memory, sqlite and Redis.
 * `open` returns a fresh, isolated store set; `reopen` (when the backend persists) opens a second
 * instance on the same data, as a restarted process (or a second process) would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, PaymentRequest } from '../../src/core/requests/request.ts';
import type { Stores } from '../../src/store/index.ts';
import { makeRequest, sleep, withState } from './fixtures.ts';

export interface StoreHarness {
  open(): Promise<Stores>;
  /** A second instance on the same data; absent for memory. */
  reopen?: () => Promise<Stores>;
  /** Budgets from two instances on the same data share one grant log (sqlite, Redis). */
  readonly sharedBudget: boolean;
  cleanup(): Promise<void>;
}

/**
 * For one describe block: `open` makes a fresh harness and opens its store set, `reopen` a second
 * instance on the same data; after each test every store set is closed and the harness cleaned up.
 * `harness` is the one the test opened.
 */
export function storeOpener(makeHarness: () => Promise<StoreHarness>) {
  let harness: StoreHarness | undefined;
  const opened: Stores[] = [];

  async function open(): Promise<Stores> {
    harness = await makeHarness();
    const stores = await harness.open();
    opened.push(stores);
    return stores;
  }

  async function reopen(): Promise<Stores> {
    if (!harness?.reopen) throw new Error('backend does not persist');
    const stores = await harness.reopen();
    opened.push(stores);
    return stores;
  }

  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.close();
    await harness?.cleanup();
    harness = undefined;
  });
  return {
    open,
    reopen,
    get harness() {
      return harness;
    },
  };
}

export function storeContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    const opener = storeOpener(makeHarness);
    const { open, reopen } = opener;

    it('round-trips a request and keeps stored copies independent of the caller', async () => {
      const { requests } = await open();
      const request = makeRequest({ attempts: [{ n: 1, idempotencyKey: 'paylink-x-1', sessionId: 'cs_test_1' }] });
      await requests.put(request);
      request.state = 'cancelled';
      const read = await requests.get(request.id);
      expect(read?.state).toBe('awaiting_approval');
      expect(read?.attempts[0]?.sessionId).toBe('cs_test_1');
      expect(await requests.get('missing')).toBeUndefined();
    });

    it('keeps the open index in step with the state: paid leaves it, expired stays', async () => {
      const { requests } = await open();
      const a = makeRequest({ state: 'awaiting_payment' });
      const b = makeRequest({ state: 'awaiting_payment' });
      const c = makeRequest({ state: 'approved' });
      for (const r of [a, b, c]) await requests.put(r);
      await requests.put(withState(a, 'paid'));
      await requests.put(withState(b, 'expired'));
      const listed = await requests.listOpen();
      expect(listed.map((r) => r.id).sort()).toEqual([b.id, c.id].sort());
      expect(listed.find((r) => r.id === b.id)?.state).toBe('expired');
      await requests.put(withState(withState(b, 'expired'), 'awaiting_payment'));
      expect((await requests.listOpen()).map((r) => r.id)).toContain(b.id);
    });

    it('scans open requests in pages no larger than asked, each request once, closed ones left out', async () => {
      const { requests } = await open();
      const scan = requests.scanOpen?.bind(requests);
      if (!scan) throw new Error('the store offers scanOpen');
      for await (const page of scan(3)) expect.unreachable(`an empty store yielded ${page.length}`);
      const open7 = Array.from({ length: 7 }, () => makeRequest({ state: 'awaiting_payment' }));
      const closed = [makeRequest({ state: 'paid' }), makeRequest({ state: 'cancelled' })];
      for (const r of [...open7, ...closed]) await requests.put(r);

      const pages: (readonly PaymentRequest[])[] = [];
      for await (const page of scan(3)) pages.push(page);
      for (const page of pages) expect(page.length).toBeGreaterThan(0);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(3);
      const ids = pages.flat().map((r) => r.id);
      expect(ids.sort()).toEqual(open7.map((r) => r.id).sort());
      expect(pages.flat().every((r) => r.state === 'awaiting_payment' && r.note === 'eval run')).toBe(true);
    });

    it('reads each page of a scan from the store when it is reached', async () => {
      const { requests } = await open();
      const all = Array.from({ length: 6 }, () => makeRequest({ state: 'awaiting_payment' }));
      for (const r of all) await requests.put(r);
      const pages = requests.scanOpen?.(2)[Symbol.asyncIterator]();
      if (!pages) throw new Error('the store offers scanOpen');

      const first = await pages.next();
      const firstIds = new Set((first.value ?? []).map((r: PaymentRequest) => r.id));
      expect(firstIds.size).toBe(2);
      // Between pages, another process pays half of the rest and edits the others.
      const rest = all.filter((r) => !firstIds.has(r.id));
      const [paid, edited] = [rest.filter((_, i) => i % 2 === 0), rest.filter((_, i) => i % 2 === 1)];
      for (const r of paid) await requests.put(withState(r, 'paid'));
      for (const r of edited) await requests.put({ ...r, note: 'edited', version: r.version + 1 });

      const later: PaymentRequest[] = [];
      for (let next = await pages.next(); !next.done; next = await pages.next()) later.push(...next.value);
      expect(later.map((r) => r.id).sort()).toEqual(edited.map((r) => r.id).sort());
      expect(later.every((r) => r.note === 'edited')).toBe(true);
    });

    it.skipIf(name === 'memory')('reports a scan the backend cannot answer as store_unavailable', async () => {
      const stores = await open();
      await stores.requests.put(makeRequest({ state: 'awaiting_payment' }));
      await stores.close();
      const scan = async () => {
        for await (const _page of stores.requests.scanOpen?.(10) ?? []) {
          // the backend is closed: no page can come
        }
      };
      await expect(scan()).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('lists requests created since a time, newest first', async () => {
      const { requests } = await open();
      const old = makeRequest({ createdAt: 1_000 });
      const mid = makeRequest({ createdAt: 2_000, state: 'paid' });
      const recent = makeRequest({ createdAt: 3_000 });
      for (const r of [recent, old, mid]) await requests.put(r);
      expect((await requests.listSince(2_000)).map((r) => r.id)).toEqual([recent.id, mid.id]);
    });

    it('claims a key once, and again after its time to live', async () => {
      const { once } = await open();
      expect(await once.claim('evt-1', 150)).toBe(true);
      expect(await once.claim('evt-1', 150)).toBe(false);
      expect(await once.claim('evt-2', 150)).toBe(true);
      await sleep(200);
      expect(await once.claim('evt-1', 150)).toBe(true);
    });

    it('gives exactly one of many concurrent claims', async () => {
      const { once } = await open();
      const results = await Promise.all(Array.from({ length: 20 }, () => once.claim('double-click', 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps a lease exclusive, renewable by its owner only, and lets another take it after expiry', async () => {
      const { leases } = await open();
      expect(await leases.acquire('watch:r1', 'a', 150)).toBe(true);
      expect(await leases.acquire('watch:r1', 'b', 150)).toBe(false);
      expect(await leases.renew('watch:r1', 'b', 150)).toBe(false);
      expect(await leases.renew('watch:r1', 'a', 150)).toBe(true);
      await leases.release('watch:r1', 'b');
      expect(await leases.acquire('watch:r1', 'b', 150)).toBe(false);
      await sleep(200);
      expect(await leases.renew('watch:r1', 'a', 150)).toBe(false);
      expect(await leases.acquire('watch:r1', 'b', 10_000)).toBe(true);
      expect(await leases.acquire('watch:r1', 'a', 10_000)).toBe(false);
      await leases.release('watch:r1', 'b');
      expect(await leases.acquire('watch:r1', 'a', 10_000)).toBe(true);
    });

    it('tells how long a lease has left, so a waiting process comes back when it lapses', async () => {
      const { leases } = await open();
      const timeLeft = leases.timeLeft?.bind(leases);
      if (!timeLeft) throw new Error(`${name}: LeaseStore.timeLeft is missing`);
      expect(await timeLeft('watch:none')).toBe(0);
      expect(await leases.acquire('watch:t1', 'a', 5_000)).toBe(true);
      const left = await timeLeft('watch:t1');
      expect(left).toBeGreaterThan(4_000);
      expect(left).toBeLessThanOrEqual(5_000);
      await leases.release('watch:t1', 'a');
      expect(await timeLeft('watch:t1')).toBe(0);
    });

    it('appends audit entries and lists them oldest first from a time', async () => {
      const { audit } = await open();
      const entry = (at: number, to: AuditEntry['to'], detail?: string): AuditEntry => ({
        at,
        requestId: 'r1',
        purpose: 'fund',
        from: null,
        to,
        ...(detail ? { detail } : {}),
      });
      await audit.append(entry(3_000, 'approved'));
      await audit.append(entry(1_000, 'awaiting_approval'));
      await audit.append(entry(3_000, 'link_created', 'same ms, appended later'));
      await audit.append(entry(5_000, 'paid'));
      expect((await audit.list(0)).map((e) => e.to)).toEqual(['awaiting_approval', 'approved', 'link_created', 'paid']);
      expect((await audit.list(3_000)).map((e) => e.to)).toEqual(['approved', 'link_created', 'paid']);
      expect((await audit.list(3_000))[1]?.detail).toBe('same ms, appended later');
      expect(await audit.list(6_000)).toEqual([]);
    });

    it('stores small values with optional expiry', async () => {
      const { kv } = await open();
      await kv.set('alert', { lastAlertAt: 42 });
      await kv.set('short', 'x', 100);
      expect(await kv.get('alert')).toEqual({ lastAlertAt: 42 });
      expect(await kv.get('short')).toBe('x');
      await sleep(150);
      expect(await kv.get('short')).toBeUndefined();
      await kv.delete('alert');
      expect(await kv.get('alert')).toBeUndefined();
    });

    it('grants at most perMinute billing calls in any rolling 62 s (60 s + margin), paced, and honours blockUntil', async () => {
      const stores = await open();
      const other = opener.harness!.sharedBudget ? await reopen() : stores;
      const budgets = [stores.budget(15), other.budget(15)];
      const t0 = Date.now();
      const grants: number[] = [];
      for (let t = t0, i = 0; t < t0 + 180_000; t += 250, i++) {
        const budget = budgets[i % 2];
        if ((await budget?.tryTake(t))?.granted) grants.push(t);
      }
      const inAny = (ms: number) => Math.max(...grants.map((g) => grants.filter((h) => h >= g && h < g + ms).length));
      expect(inAny(62_000)).toBe(15);
      // Paced: a burst of 3, then about one call every 4.1 s (15 per 62 s), not the minute at once.
      expect(grants[3]! - grants[0]!).toBeGreaterThanOrEqual(4_000);
      expect(grants.length).toBeGreaterThanOrEqual(40);

      const blockedAt = t0 + 400_000;
      await budgets[0]?.blockUntil(blockedAt + 30_000);
      await budgets[0]?.blockUntil(blockedAt + 10_000); // never moves earlier
      expect(await budgets[1]?.tryTake(blockedAt)).toEqual({ granted: false, waitMs: 30_000, blocked: true });
      expect((await budgets[1]?.tryTake(blockedAt + 30_000))?.granted).toBe(true);

      // A block is named as the reason only when it outlasts the budget's own wait.
      const t2 = t0 + 600_000;
      for (let n = 0; n < 3; n++) expect((await budgets[0]?.tryTake(t2))?.granted).toBe(true);
      await budgets[1]?.blockUntil(t2 + 1_000);
      expect(await budgets[0]?.tryTake(t2)).toEqual({ granted: false, waitMs: 4_134 });
      await budgets[1]?.blockUntil(t2 + 20_000);
      expect(await budgets[0]?.tryTake(t2)).toEqual({ granted: false, waitMs: 20_000, blocked: true });
    });

    it('says how long to wait, and keeps `keep` calls for others in the bucket and in the window', async () => {
      const stores = await open();
      const other = opener.harness!.sharedBudget ? await reopen() : stores;
      // 15 a minute: a bucket of 3 refilled every 4133.3 ms; at most 15 grants in any 62 s.
      const spare = stores.budget(15);
      const people = other.budget(15);
      const t0 = Date.now();
      const refused = async (take: Promise<{ granted: boolean; waitMs: number }>, waitMs: number) => {
        const answer = await take;
        expect(answer.granted).toBe(false);
        expect(answer.waitMs).toBeGreaterThanOrEqual(waitMs);
        expect(answer.waitMs).toBeLessThanOrEqual(waitMs + 1);
      };
      expect(await spare.tryTake(t0, { keep: 2 })).toEqual({ granted: true, waitMs: 0 });
      await refused(spare.tryTake(t0, { keep: 2 }), 4_134);
      // The reserve is there for people, on the other instance too.
      expect((await people.tryTake(t0)).granted).toBe(true);
      await refused(spare.tryTake(t0, { keep: 1 }), 4_134);
      expect((await people.tryTake(t0)).granted).toBe(true);
      await refused(people.tryTake(t0), 4_134);

      // In the window: spare work stops 3 short of the limit; people get the rest.
      const t1 = t0 + 200_000;
      for (let n = 0; n < 12; n++) expect((await people.tryTake(t1 + n * 4_200)).granted).toBe(true);
      await refused(spare.tryTake(t1 + 50_400, { keep: 3 }), 11_600);
      expect((await people.tryTake(t1 + 50_400)).granted).toBe(true);
      await refused(spare.tryTake(t1 + 62_100, { keep: 3 }), 4_100);
      expect((await spare.tryTake(t1 + 66_200, { keep: 3 })).granted).toBe(true);
    });

    it('continues the same window after a restart, where the backend persists', async () => {
      const first = await open();
      const t0 = Date.now();
      const budget = first.budget(4);
      for (let n = 0; n < 4; n++) expect((await budget.tryTake(t0 + n * 20_000)).granted).toBe(true);
      if (!opener.harness!.reopen) return; // memory: the process is the store
      await first.close();
      const second = await reopen();
      // A fresh process, the same account: the four calls still count until they leave the window.
      expect(await second.budget(4).tryTake(t0 + 61_000)).toEqual({ granted: false, waitMs: 1_000 });
      expect((await second.budget(4).tryTake(t0 + 62_000)).granted).toBe(true);
      await second.budget(4).blockUntil(t0 + 200_000);
      await second.close();
      const third = await reopen();
      expect(await third.budget(4).tryTake(t0 + 150_000)).toEqual({ granted: false, waitMs: 50_000, blocked: true });
    });

    it('answers a health check, and not after close', async () => {
      const stores = await open();
      expect(await stores.ping()).toBe(true);
      await stores.close();
      expect(await stores.ping()).toBe(false);
    });

    it.skipIf(name === 'memory')('sees everything from a second instance on the same data (restart)', async () => {
      const first = await open();
      const open1 = makeRequest({ state: 'awaiting_payment' });
      const done = makeRequest({ state: 'paid' });
      await first.requests.put(open1);
      await first.requests.put(done);
      await first.audit.append({ at: 1, requestId: open1.id, purpose: 'fund', from: null, to: 'awaiting_approval' });
      await first.kv.set('setting', 7);
      expect(await first.once.claim('delivery-1', 60_000)).toBe(true);
      expect(await first.leases.acquire('watch:x', 'process-a', 60_000)).toBe(true);
      await first.close();

      const second = await reopen();
      expect((await second.requests.listOpen()).map((r) => r.id)).toEqual([open1.id]);
      const scanned: string[] = [];
      for await (const page of second.requests.scanOpen?.(10) ?? []) scanned.push(...page.map((r) => r.id));
      expect(scanned).toEqual([open1.id]);
      expect((await second.requests.get(done.id))?.state).toBe('paid');
      expect(await second.audit.list(0)).toHaveLength(1);
      expect(await second.kv.get('setting')).toBe(7);
      expect(await second.once.claim('delivery-1', 60_000)).toBe(false);
      expect(await second.leases.acquire('watch:x', 'process-b', 60_000)).toBe(false);
    });
  });
}
