/**
 * Tenants on one store, the same on every backend: two tenants' scopes never see each other's
 * requests, indexes, audit rows, kv values, dedupe claims or leases, nor the root layout's (and
 * the root sees none of theirs); ModelsLab budgets are one per account, shared by every process.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PaymentRequest } from '../../src/core/requests/request.ts';
import {
  runStoreMigrations,
  SCHEMA_VERSION_KEY,
  type StoreMigration,
  type TenantStores,
} from '../../src/store/index.ts';
import { makeRequest, sleep } from './fixtures.ts';
import { type StoreHarness, storeOpener } from './store-contract.ts';

const A = 'slack:TAAAA';
const B = 'discord:123456789';
const HOUR = 3_600_000;

async function scanned(stores: TenantStores): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of stores.requests.scanOpen?.(2) ?? []) ids.push(...page.map((r) => r.id));
  return ids.sort();
}

const entry = (requestId: string, at: number): AuditEntry => ({
  at,
  requestId,
  purpose: 'fund',
  from: null,
  to: 'awaiting_approval',
});

/** Open, paid, and cancelled with a live session: one of each kind the indexes treat differently. */
function threeRequests(note: string): PaymentRequest[] {
  const live = {
    n: 1,
    idempotencyKey: 'paylink-x-1',
    sessionId: 'cs_test_live',
    expiresAt: Date.now() + 23 * HOUR,
  };
  return [
    makeRequest({ state: 'awaiting_approval', note }),
    makeRequest({ state: 'paid', note }),
    makeRequest({ state: 'cancelled', note, attempts: [live] }),
  ];
}

export function tenantContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`${name} tenant scopes`, () => {
    const opener = storeOpener(makeHarness);
    const { open, reopen } = opener;

    it("keeps each tenant's requests and both indexes to itself, and out of the root", async () => {
      const stores = await open();
      const [a, b, root] = [stores.scope(A), stores.scope(B), stores.scope('default', { root: true })];
      const inA = threeRequests('tenant a');
      for (const r of inA) await a.requests.put(r);
      // The same id in B is another request altogether.
      const shared = inA[0] as PaymentRequest;
      await b.requests.put({ ...shared, note: 'tenant b', state: 'awaiting_payment' });

      expect((await a.requests.get(shared.id))?.note).toBe('tenant a');
      expect((await b.requests.get(shared.id))?.note).toBe('tenant b');
      for (const r of inA.slice(1)) {
        expect(await b.requests.get(r.id)).toBeUndefined();
        expect(await root.requests.get(r.id)).toBeUndefined();
      }
      expect((await a.requests.listOpen()).map((r) => r.id)).toEqual([shared.id]);
      expect(await scanned(a)).toEqual([inA[0]?.id, inA[2]?.id].sort());
      expect((await a.requests.listSince(0)).map((r) => r.id).sort()).toEqual(inA.map((r) => r.id).sort());
      expect((await b.requests.listOpen()).map((r) => r.note)).toEqual(['tenant b']);
      expect(await scanned(b)).toEqual([shared.id]);
      expect((await b.requests.listSince(0)).map((r) => r.note)).toEqual(['tenant b']);
      expect(await root.requests.listOpen()).toEqual([]);
      expect(await scanned(root)).toEqual([]);
      expect(await root.requests.listSince(0)).toEqual([]);
      expect(await stores.requests.listSince(0)).toEqual([]);

      // And the root's own requests stay out of every tenant.
      const single = makeRequest({ state: 'awaiting_payment', note: 'single team' });
      await stores.requests.put(single);
      expect((await root.requests.listOpen()).map((r) => r.id)).toEqual([single.id]);
      expect(await a.requests.get(single.id)).toBeUndefined();
      expect((await a.requests.listSince(0)).map((r) => r.id)).not.toContain(single.id);
      expect(await scanned(b)).toEqual([shared.id]);
    });

    it('keeps audit rows and kv values per tenant', async () => {
      const stores = await open();
      const [a, b] = [stores.scope(A), stores.scope(B)];
      await a.audit.append(entry('req-a', 1_000));
      await b.audit.append(entry('req-b', 2_000));
      await stores.audit.append(entry('req-root', 3_000));
      expect((await a.audit.list(0)).map((e) => e.requestId)).toEqual(['req-a']);
      expect((await b.audit.list(0)).map((e) => e.requestId)).toEqual(['req-b']);
      expect((await stores.audit.list(0)).map((e) => e.requestId)).toEqual(['req-root']);

      await a.kv.set('settings', { threshold: 50 });
      await b.kv.set('settings', { threshold: 10 });
      expect(await a.kv.get('settings')).toEqual({ threshold: 50 });
      expect(await b.kv.get('settings')).toEqual({ threshold: 10 });
      expect(await stores.kv.get('settings')).toBeUndefined();
      await a.kv.delete('settings');
      expect(await a.kv.get('settings')).toBeUndefined();
      expect(await b.kv.get('settings')).toEqual({ threshold: 10 });
    });

    it('keeps dedupe claims and leases per tenant', async () => {
      const stores = await open();
      const [a, b] = [stores.scope(A), stores.scope(B)];
      expect(await a.once.claim('evt-1', 60_000)).toBe(true);
      expect(await a.once.claim('evt-1', 60_000)).toBe(false);
      expect(await b.once.claim('evt-1', 60_000)).toBe(true);
      expect(await stores.once.claim('evt-1', 60_000)).toBe(true);

      expect(await a.leases.acquire('watch:r1', 'process-a', 60_000)).toBe(true);
      expect(await b.leases.timeLeft?.('watch:r1')).toBe(0);
      expect(await b.leases.acquire('watch:r1', 'process-b', 60_000)).toBe(true);
      expect(await stores.leases.acquire('watch:r1', 'process-c', 60_000)).toBe(true);
      expect(await a.leases.acquire('watch:r1', 'process-b', 60_000)).toBe(false);
      expect(await b.leases.renew('watch:r1', 'process-a', 60_000)).toBe(false);
      await b.leases.release('watch:r1', 'process-a');
      expect(await a.leases.renew('watch:r1', 'process-a', 60_000)).toBe(true);
      await a.leases.release('watch:r1', 'process-a');
      expect(await b.leases.acquire('watch:r1', 'process-a', 60_000)).toBe(false);
      expect(await a.leases.acquire('watch:r1', 'process-b', 60_000)).toBe(true);
    });

    it('gives the root layout itself for root: true, and one object per tenant', async () => {
      const stores = await open();
      const root = stores.scope('slack:TADOPTED', { root: true });
      expect(root.requests).toBe(stores.requests);
      expect(root.kv).toBe(stores.kv);
      expect(root.audit).toBe(stores.audit);
      expect(root.once).toBe(stores.once);
      expect(root.leases).toBe(stores.leases);
      // Single-team mode's tenant is the root layout whether or not the caller says so.
      expect(stores.scope('default')).toBe(root);
      expect(stores.scope(A)).toBe(stores.scope(A));
      expect(stores.scope(A)).not.toBe(stores.scope(B));
      expect(stores.scope(A).requests).not.toBe(stores.requests);
    });

    it('refuses a malformed tenant id or budget account', async () => {
      const stores = await open();
      for (const bad of ['', 'slack:', 'slack:T1:x', 'teams:T1', 'slack:T 1', `slack:${'x'.repeat(65)}`])
        expect(() => stores.scope(bad), bad).toThrow(RangeError);
      for (const bad of ['', 'a:b', 'x'.repeat(65), 'tok en'])
        expect(() => stores.budget(5, { account: bad }), bad).toThrow(RangeError);
    });

    it('keeps one budget per account (log, learned limit, block), apart from the single-team one', async () => {
      const stores = await open();
      const other = opener.harness?.sharedBudget ? await reopen() : stores;
      const t0 = Date.now();
      const a1 = stores.budget(3, { account: 'acct_a' });
      const a2 = other.budget(3, { account: 'acct_a' });
      const b = other.budget(3, { account: 'acct-b' });
      const single = stores.budget(3);
      for (let n = 0; n < 2; n++) expect((await a1.tryTake(t0)).granted).toBe(true);
      // The same account from another instance (another process) spends the same window.
      expect((await a2.tryTake(t0)).granted).toBe(true);
      expect((await a1.tryTake(t0)).granted).toBe(false);
      expect((await a2.tryTake(t0)).granted).toBe(false);
      for (let n = 0; n < 3; n++) expect((await b.tryTake(t0)).granted).toBe(true);
      for (let n = 0; n < 3; n++) expect((await single.tryTake(t0)).granted).toBe(true);

      await b.blockUntil(t0 + 500_000);
      expect(await b.tryTake(t0 + 100_000)).toMatchObject({ granted: false, blocked: true });
      expect((await a1.tryTake(t0 + 100_000)).granted).toBe(true);
      expect((await single.tryTake(t0 + 100_000)).granted).toBe(true);

      const capped = (account?: string) =>
        stores.budget(5, { capPerWindow: 60, ...(account === undefined ? {} : { account }) });
      const learner = capped('acct_a');
      await learner.learnLimit?.(40);
      expect(learner.currentLimit?.()).toBe(40);
      const fresh = capped('acct_a');
      await fresh.tryTake(t0 + 300_000);
      expect(fresh.currentLimit?.()).toBe(40);
      const otherAccount = capped('acct-b');
      await otherAccount.tryTake(t0 + 300_000);
      expect(otherAccount.currentLimit?.()).toBe(5);
      const singleTeam = capped();
      await singleTeam.tryTake(t0 + 300_000);
      expect(singleTeam.currentLimit?.()).toBe(5);
    });

    it('runs each store migration once when two processes start on the same store at once', async () => {
      const first = await open();
      const second = opener.harness?.reopen ? await reopen() : first;
      const runs: string[] = [];
      const migrations: StoreMigration[] = [
        {
          version: 3,
          name: 'slow',
          async run() {
            runs.push('slow');
            await sleep(300);
          },
        },
        { version: 4, name: 'next', run: async () => void runs.push('next') },
      ];
      const reports = await Promise.all([
        runStoreMigrations(first, { migrations }),
        runStoreMigrations(second, { migrations }),
      ]);
      expect(runs).toEqual(['slow', 'next']);
      // Opening already ran the built-in ones (v1, v2); the winner applies v3 and v4, the other waits.
      expect(reports.map((r) => r.applied.join()).sort()).toEqual(['', 'slow,next']);
      expect(reports.map((r) => r.to)).toEqual([4, 4]);
      expect(await first.kv.get(SCHEMA_VERSION_KEY)).toMatchObject({ version: 4, name: 'next' });
    });

    it.skipIf(name === 'memory')("finds a tenant's data again after a restart, and only in that tenant", async () => {
      const first = await open();
      const request = makeRequest({ state: 'awaiting_payment' });
      await first.scope(A).requests.put(request);
      await first.scope(A).audit.append(entry(request.id, 1));
      await first.scope(A).kv.set('alert', 1);
      expect(await first.scope(A).once.claim('evt', 60_000)).toBe(true);
      expect(await first.scope(A).leases.acquire('watch:x', 'p1', 60_000)).toBe(true);
      await first.close();

      const second = await reopen();
      const a = second.scope(A);
      expect(await scanned(a)).toEqual([request.id]);
      expect(await a.audit.list(0)).toHaveLength(1);
      expect(await a.kv.get('alert')).toBe(1);
      expect(await a.once.claim('evt', 60_000)).toBe(false);
      expect(await a.leases.acquire('watch:x', 'p2', 60_000)).toBe(false);
      const b = second.scope(B);
      expect(await scanned(b)).toEqual([]);
      expect(await b.audit.list(0)).toEqual([]);
      expect(await b.kv.get('alert')).toBeUndefined();
      expect(await b.once.claim('evt', 60_000)).toBe(true);
      expect(await second.requests.get(request.id)).toBeUndefined();
    });
  });
}
