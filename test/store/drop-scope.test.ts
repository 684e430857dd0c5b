/**
 * Stores.dropScope on every backend: the erased tenant's scope is empty afterwards (requests,
 * values, indexes, leases, once claims, audit rows), while the other tenants' data and the root's
 * are byte-identical, including tenants whose ids extend the erased one's (`slack:T1` vs
 * `slack:T12`, `slack:T1_`: `_` is a LIKE wildcard). A dry run counts and changes nothing.
 */
import { DatabaseSync } from 'node:sqlite';
import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import type { Stores, TenantStores } from '../../src/store/index.ts';
import { memoryHarness, REDIS_URL, redisHarness, redisKeys, requireRedisOrSay, sqliteHarness } from './harnesses.ts';
import { HOUR, seedScope } from './scope-seed.ts';

const GONE = 'slack:T1';
const KEPT = ['slack:T12', 'slack:T1_', 'discord:999'] as const;

/** What a user of the scope can see of it, through the ports only. */
async function seen(s: TenantStores, tag: string): Promise<string> {
  const open: string[] = [];
  for await (const page of s.requests.scanOpen?.(2) ?? []) open.push(...page.map((r) => r.id));
  return JSON.stringify({
    all: await s.requests.listSince(0),
    open: open.sort(),
    audit: await s.audit.list(0),
    settings: await s.kv.get('settings'),
    alert: await s.kv.get('alert'),
    lease: ((await s.leases.timeLeft?.(`watch:${tag}`)) ?? 0) > 0,
  });
}

async function seedAll(stores: Stores): Promise<void> {
  await seedScope(stores, 'root');
  await seedScope(stores.scope(GONE), 'gone');
  for (const [i, t] of KEPT.entries()) await seedScope(stores.scope(t), `kept${i}`);
}

async function seenAll(stores: Stores): Promise<string[]> {
  return [await seen(stores, 'root'), ...(await Promise.all(KEPT.map((t, i) => seen(stores.scope(t), `kept${i}`))))];
}

async function expectEmpty(s: TenantStores): Promise<void> {
  expect(await s.requests.listSince(0)).toEqual([]);
  expect(await s.requests.listOpen()).toEqual([]);
  expect(await s.audit.list(0)).toEqual([]);
  expect(await s.kv.get('settings')).toBeUndefined();
  expect(await s.kv.get('alert')).toBeUndefined();
  expect((await s.leases.timeLeft?.('watch:gone')) ?? 0).toBe(0);
  // The claim is gone: the same event id is new again, and another process may take the lease.
  expect(await s.once.claim('event:gone', HOUR)).toBe(true);
  expect(await s.leases.acquire('watch:gone', 'proc-2', HOUR)).toBe(true);
}

const SEEDED = { requests: 3, values: 2, claims: 1, leases: 1, indexEntries: 5, auditEntries: 2 };

type Raw = () => Promise<{ gone: string[]; rest: string }>;

function dropScopeCases(name: string, open: () => Promise<{ stores: Stores; raw?: Raw; cleanup(): Promise<void> }>) {
  describe(`dropScope (${name})`, () => {
    it("empties one tenant's scope and leaves the other tenants' and the root's byte-identical", async () => {
      const { stores, raw, cleanup } = await open();
      try {
        await seedAll(stores);
        const before = await seenAll(stores);
        const rawBefore = await raw?.();
        expect(rawBefore?.gone.length ?? 1).toBeGreaterThan(0);

        expect(await stores.dropScope(GONE)).toEqual(SEEDED);

        await expectEmpty(stores.scope(GONE));
        expect(await seenAll(stores)).toEqual(before);
        if (raw) {
          const rawAfter = await raw();
          // Only the claim and lease expectEmpty just took back are in the scope now.
          expect(rawAfter.gone.length).toBeLessThanOrEqual(2);
          expect(rawAfter.rest).toBe(rawBefore?.rest);
        }
        expect(await stores.dropScope(GONE)).toMatchObject({
          requests: 0,
          values: 0,
          indexEntries: 0,
          auditEntries: 0,
        });
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it('counts on a dry run and changes nothing', async () => {
      const { stores, raw, cleanup } = await open();
      try {
        await seedAll(stores);
        const before = [await seen(stores.scope(GONE), 'gone'), ...(await seenAll(stores))];
        const rawBefore = await raw?.();
        expect(await stores.dropScope(GONE, { dryRun: true })).toEqual(SEEDED);
        expect([await seen(stores.scope(GONE), 'gone'), ...(await seenAll(stores))]).toEqual(before);
        if (raw) expect(await raw()).toEqual(rawBefore);
      } finally {
        await stores.close();
        await cleanup();
      }
    });

    it('refuses the root layout and malformed ids, touching nothing', async () => {
      const { stores, cleanup } = await open();
      try {
        await seedAll(stores);
        const before = await seenAll(stores);
        await expect(stores.dropScope('default')).rejects.toThrow(RangeError);
        await expect(stores.dropScope('slack:*')).rejects.toThrow(RangeError);
        await expect(stores.dropScope('slack:T1:x')).rejects.toThrow(RangeError);
        expect(await seenAll(stores)).toEqual(before);
      } finally {
        await stores.close();
        await cleanup();
      }
    });
  });
}

dropScopeCases('memory', async () => {
  const h = await memoryHarness();
  return { stores: await h.open(), cleanup: h.cleanup };
});

dropScopeCases('sqlite', async () => {
  const h = await sqliteHarness();
  const stores = await h.open();
  const raw: Raw = async () => {
    // A second connection, read-only (WAL): every row of every table, split by scope.
    const db = new DatabaseSync(h.path, { readOnly: true });
    try {
      const gone: string[] = [];
      const rest: string[] = [];
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${String(name)}" ORDER BY rowid`).all()) {
          const mine = row.ns === `mlbot:t:${GONE}` || String(row.key ?? '').startsWith(`mlbot:t:${GONE}:`);
          (mine ? gone : rest).push(`${String(name)} ${JSON.stringify(row)}`);
        }
      }
      return { gone, rest: rest.join('\n') };
    } finally {
      db.close();
    }
  };
  return { stores, raw, cleanup: h.cleanup };
});

requireRedisOrSay('dropScope');
describe.skipIf(!REDIS_URL)('redis', () => {
  dropScopeCases('redis', async () => {
    const h = await redisHarness();
    const stores = await h.open();
    const raw: Raw = async () => {
      const client = createClient({ url: REDIS_URL ?? '' });
      await client.connect();
      try {
        const mine = (k: string) =>
          k.startsWith(`${h.namespace}:t:${GONE}:`) || k.startsWith(`${h.namespace}::t:${GONE}:`);
        const keys = (await redisKeys(h.namespace)).sort();
        const rest: string[] = [];
        for (const key of keys.filter((k) => !mine(k))) {
          const type = await client.type(key);
          const value =
            type === 'string'
              ? await client.get(key)
              : type === 'set'
                ? (await client.sMembers(key)).sort()
                : type === 'zset'
                  ? await client.zRangeWithScores(key, 0, -1)
                  : type === 'hash'
                    ? await client.hGetAll(key)
                    : type;
          rest.push(`${key} ${type} ${JSON.stringify(value)}`);
        }
        return { gone: keys.filter(mine), rest: rest.join('\n') };
      } finally {
        await client.close();
      }
    };
    return { stores, raw, cleanup: h.cleanup };
  });
});
