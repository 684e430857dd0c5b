/**
 * Store migration v2 (tenants) against a store file written by the code before tenants
 * (test/fixtures/pre-tenants.sqlite, made by pre-tenants-make.ts at main 4f916a9): opening it
 * stamps every request as the default tenant's, leaves it where it was (the root layout), records
 * the version, and a second run changes nothing; no tenant scope sees any of it.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { SINGLE_TENANT } from '../../src/core/shared/tenant.ts';
import {
  createStores,
  runStoreMigrations,
  SCHEMA_VERSION_KEY,
  type StoreMigration,
  type Stores,
  type TenantStores,
} from '../../src/store/index.ts';
import {
  AUDIT,
  BUDGET_TAKES,
  DEDUPE_KEY,
  KV,
  LEASE,
  NAMESPACE,
  REQUESTS,
  TTL_MS,
  WRITTEN_AT,
} from '../fixtures/pre-tenants-content.ts';
import { makeRequest, sleep } from './fixtures.ts';

const FIXTURE = new URL('../fixtures/pre-tenants.sqlite', import.meta.url).pathname;
const clock = new ManualClock(WRITTEN_AT + 60_000);

let dir: string | undefined;
const opened: Stores[] = [];
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function copyOfFixture(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'mlbot-tenants-migration-'));
  const path = join(dir, 'mlbot.sqlite');
  await copyFile(FIXTURE, path);
  return path;
}

async function open(path: string, migrate = true): Promise<Stores> {
  const stores = await createStores(`sqlite://${path}`, { namespace: NAMESPACE, clock, migrate });
  opened.push(stores);
  return stores;
}

async function scanned(stores: TenantStores): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of stores.requests.scanOpen?.(2) ?? []) ids.push(...page.map((r) => r.id));
  return ids.sort();
}

/** Every row the store keeps, as text: a run that changes nothing leaves it identical. */
function dump(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables = [
      'keyv',
      'mlbot_open',
      'mlbot_created',
      'mlbot_audit',
      'mlbot_once',
      'mlbot_lease',
      'mlbot_budget_grant',
    ];
    return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
  } finally {
    db.close();
  }
}

const ids = (requests: readonly PaymentRequest[]) => requests.map((r) => r.id).sort();
const OPEN = ['req-approval', 'req-awaiting-payment'];
const WATCHED = [...OPEN, 'req-cancelled-live'].sort();

describe('a store written before tenants', () => {
  it('holds requests without a tenant, as the old code wrote them', async () => {
    const stores = await open(await copyOfFixture(), false);
    for (const request of REQUESTS) expect(await stores.requests.get(request.id)).toEqual(request);
    expect(await stores.kv.get(SCHEMA_VERSION_KEY)).toBeUndefined();
  });

  it("opens as the default tenant's: every request stamped, all else exactly where it was", async () => {
    const stores = await open(await copyOfFixture());
    const root = stores.scope(SINGLE_TENANT, { root: true });
    for (const request of REQUESTS)
      expect(await root.requests.get(request.id)).toEqual({ ...request, tenantId: SINGLE_TENANT });
    expect(ids(await root.requests.listOpen())).toEqual(OPEN);
    expect(await scanned(root)).toEqual(WATCHED);
    expect(ids(await root.requests.listSince(0))).toEqual(ids(REQUESTS));
    expect(await root.audit.list(0)).toEqual(AUDIT);
    for (const [key, value] of Object.entries(KV)) expect(await root.kv.get(key)).toEqual(value);
    expect(await root.once.claim(DEDUPE_KEY, TTL_MS)).toBe(false);
    expect(await root.leases.acquire(LEASE.key, 'process-b', TTL_MS)).toBe(false);
    // The old budget log still counts, under the single-team key.
    expect((await stores.budget(BUDGET_TAKES).tryTake(WRITTEN_AT + 1_000)).granted).toBe(false);
    expect(await root.kv.get(SCHEMA_VERSION_KEY)).toEqual({ version: 2, name: 'tenants', at: clock.now() });
  });

  it('shows none of it to a tenant scope, nor its budget to an account', async () => {
    const stores = await open(await copyOfFixture());
    expect(stores.scope(SINGLE_TENANT)).toBe(stores.scope('slack:T0', { root: true }));
    for (const tenant of ['slack:T1', 'discord:999', 'web:ws1']) {
      const scope = stores.scope(tenant);
      for (const request of REQUESTS) expect(await scope.requests.get(request.id)).toBeUndefined();
      expect(await scope.requests.listOpen()).toEqual([]);
      expect(await scanned(scope)).toEqual([]);
      expect(await scope.requests.listSince(0)).toEqual([]);
      expect(await scope.audit.list(0)).toEqual([]);
      for (const key of Object.keys(KV)) expect(await scope.kv.get(key)).toBeUndefined();
      expect(await scope.once.claim(DEDUPE_KEY, TTL_MS)).toBe(true);
      expect(await scope.leases.acquire(LEASE.key, 'process-b', TTL_MS)).toBe(true);
    }
    expect((await stores.budget(BUDGET_TAKES, { account: 'acct1' }).tryTake(WRITTEN_AT + 1_000)).granted).toBe(true);
  });

  it('changes nothing when run again, in this process or after a restart', async () => {
    const path = await copyOfFixture();
    const first = await open(path);
    const after = dump(path);
    expect(await runStoreMigrations(first, { clock })).toEqual({ from: 2, to: 2, applied: [] });
    await first.close();
    const second = await open(path);
    await second.close();
    expect(dump(path)).toBe(after);
  });

  it('keeps a tenant a request already has, and stamps one found only in the open index', async () => {
    const path = await copyOfFixture();
    const raw = await open(path, false);
    const adopted = makeRequest({ id: 'req-adopted', state: 'awaiting_approval' });
    await raw.requests.put({ ...adopted, tenantId: 'slack:TADOPTED' } as PaymentRequest);
    await raw.close();
    // A crash between the open-index write and the value's (request-store.ts) leaves only the index row.
    const db = new DatabaseSync(path);
    db.prepare('DELETE FROM mlbot_created WHERE ns = ? AND id = ?').run(NAMESPACE, 'req-awaiting-payment');
    db.close();

    const stores = await open(path);
    expect(await stores.requests.get('req-adopted')).toMatchObject({ tenantId: 'slack:TADOPTED' });
    expect(await stores.requests.get('req-awaiting-payment')).toMatchObject({ tenantId: SINGLE_TENANT });
  });
});

describe('runStoreMigrations', () => {
  const counting = (runs: string[]): StoreMigration[] => [
    {
      version: 1,
      name: 'slow-one',
      async run() {
        runs.push('slow-one');
        await sleep(300);
      },
    },
    { version: 2, name: 'two', run: async () => void runs.push('two') },
  ];

  it('runs only the migrations above the recorded version, in order', async () => {
    const stores = await open(await copyOfFixture(), false);
    await stores.kv.set(SCHEMA_VERSION_KEY, { version: 1, name: 'slow-one', at: 0 });
    const runs: string[] = [];
    expect(await runStoreMigrations(stores, { migrations: counting(runs) })).toEqual({
      from: 1,
      to: 2,
      applied: ['two'],
    });
    expect(runs).toEqual(['two']);
  });

  it('refuses a list whose versions do not increase', async () => {
    const stores = await open(await copyOfFixture(), false);
    const noop = async () => {};
    await expect(
      runStoreMigrations(stores, {
        migrations: [
          { version: 2, name: 'b', run: noop },
          { version: 2, name: 'c', run: noop },
        ],
      }),
    ).rejects.toThrow(RangeError);
  });
});
