/**
 * A store file written by the old sqlite3 adapter (@keyv/sqlite; test/store/migration, made by
 * make-fixture.ts at commit a2d5a14) opens with the node:sqlite one and every request, audit row,
 * dedupe key, lease, budget grant and kv value is still there and still behaves.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOpen } from '../../src/core/requests/request.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { SINGLE_TENANT } from '../../src/core/shared/tenant.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import {
  AUDIT,
  BUDGET_PER_MIN,
  BUDGET_TAKES,
  DEDUPE_KEY,
  KV,
  LEASE,
  NAMESPACE,
  REQUESTS,
  TTL_MS,
  WRITTEN_AT,
} from './migration/content.ts';

const FIXTURE = join(import.meta.dirname, 'migration', 'sqlite3-store.sqlite');

describe('a sqlite store file written by the sqlite3 adapter', () => {
  let dir: string;
  let path: string;
  let stores: Stores;
  const clock = new ManualClock(WRITTEN_AT + 60_000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlbot-migration-'));
    path = join(dir, 'mlbot.sqlite');
    await copyFile(FIXTURE, path);
    stores = await createStores(`sqlite://${path}`, { namespace: NAMESPACE, clock });
  });
  afterEach(async () => {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every request back whole, and the open index with it', async () => {
    // Opening migrates (migrations.ts): each request also says it belongs to the default tenant.
    for (const request of REQUESTS)
      expect(await stores.requests.get(request.id)).toEqual({ ...request, tenantId: SINGLE_TENANT });
    const open = REQUESTS.filter((r) => isOpen(r.state)).map((r) => r.id);
    expect((await stores.requests.listOpen()).map((r) => r.id).sort()).toEqual([...open].sort());
    const scanned: string[] = [];
    for await (const page of stores.requests.scanOpen?.(2) ?? []) scanned.push(...page.map((r) => r.id));
    expect(scanned.sort()).toEqual([...open].sort());
    expect((await stores.requests.listSince(0)).length).toBe(REQUESTS.length);
  });

  it('keeps the audit trail in order', async () => {
    expect(await stores.audit.list(0)).toEqual(AUDIT);
  });

  it('still holds the dedupe key and the lease (a replayed event is ignored, another owner is refused)', async () => {
    expect(await stores.once.claim(DEDUPE_KEY, TTL_MS)).toBe(false);
    expect(await stores.leases.acquire(LEASE.key, 'process-b', TTL_MS)).toBe(false);
    expect(await stores.leases.timeLeft?.(LEASE.key)).toBe(TTL_MS - 60_000);
    expect(await stores.leases.renew(LEASE.key, LEASE.owner, TTL_MS)).toBe(true);
  });

  it('continues the budget window from the grants in the file', async () => {
    await stores.close();
    const db = new DatabaseSync(path, { readOnly: true });
    const grants = db.prepare('SELECT at FROM mlbot_budget_grant WHERE ns = ? ORDER BY at').all(NAMESPACE);
    db.close();
    expect(grants.map((g) => g.at)).toEqual(Array.from({ length: BUDGET_TAKES }, (_, i) => WRITTEN_AT + i));
    stores = await createStores(`sqlite://${path}`, { namespace: NAMESPACE, clock });
    // A budget of exactly the grants already spent in this minute has no room left.
    const full = stores.budget(BUDGET_TAKES);
    expect((await full.tryTake(WRITTEN_AT + 1_000)).granted).toBe(false);
    expect((await stores.budget(BUDGET_PER_MIN).tryTake(WRITTEN_AT + 61_000)).granted).toBe(true);
  });

  it('reads every kv value back, strings that start with a colon included', async () => {
    for (const [key, value] of Object.entries(KV)) expect(await stores.kv.get(key)).toEqual(value);
  });

  it('takes new writes next to the old ones', async () => {
    const [first] = REQUESTS;
    if (!first) throw new Error('fixture is empty');
    const next = { ...first, state: 'denied' as const, version: first.version + 1 };
    await stores.requests.put(next);
    expect(await stores.requests.get(first.id)).toEqual(next);
    expect((await stores.requests.listOpen()).map((r) => r.id)).not.toContain(first.id);
  });
});
