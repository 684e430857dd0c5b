import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { makeRequest } from './fixtures.ts';
import { memoryHarness, REDIS_URL, redisHarness, redisKeys, requireRedisOrSay, sqliteHarness } from './harnesses.ts';
import { tenantContract } from './tenant-contract.ts';

tenantContract('memory', memoryHarness);
tenantContract('sqlite', sqliteHarness);

requireRedisOrSay('the tenant scopes contract');
describe.skipIf(!REDIS_URL)('redis', () => {
  tenantContract('redis', redisHarness);

  // keyv's Redis adapter joins its namespace with '::' (`<ns>::t:<tenant>:req:…`), our own keys with ':'.
  it("puts every key of a tenant under <namespace>:t:<tenant>: (keyv: <namespace>::t:<tenant>:), and none of the root's there", async () => {
    const harness = await redisHarness();
    const stores = await harness.open();
    try {
      const a = stores.scope('slack:TKEYS');
      await a.requests.put(makeRequest({ state: 'awaiting_payment' }));
      await a.audit.append({ at: 1, requestId: 'r', purpose: 'fund', from: null, to: 'paid' });
      await a.kv.set('k', 1);
      await a.once.claim('evt', 60_000);
      await a.leases.acquire('watch:r', 'p', 60_000);
      const inTenant = (key: string) =>
        key.startsWith(`${harness.namespace}:t:slack:TKEYS:`) || key.startsWith(`${harness.namespace}::t:slack:TKEYS:`);
      // the request's value, open, created, audit and its seq, kv, once, lease
      expect((await redisKeys(harness.namespace)).filter(inTenant)).toHaveLength(8);
      await stores.requests.put(makeRequest({ state: 'awaiting_payment' }));
      const outside = (await redisKeys(harness.namespace)).filter((k) => !inTenant(k));
      expect(outside.length).toBeGreaterThan(0);
      expect(outside.filter((k) => k.includes('TKEYS'))).toEqual([]);
    } finally {
      await stores.close();
      await harness.cleanup();
    }
  });
});

it('keeps a tenant in the same sqlite tables, rows keyed by <namespace>:t:<tenant>', async () => {
  const harness = await sqliteHarness();
  const stores = await harness.open();
  try {
    await stores.scope('web:ws1').requests.put(makeRequest({ id: 'req-web', state: 'awaiting_payment' }));
    await stores.close();
    const db = new DatabaseSync(harness.path, { readOnly: true });
    expect(db.prepare('SELECT ns, id FROM mlbot_open').all()).toEqual([{ ns: 'mlbot:t:web:ws1', id: 'req-web' }]);
    expect(db.prepare("SELECT key FROM keyv WHERE key LIKE '%req-web'").all()).toEqual([
      { key: 'mlbot:t:web:ws1:req:req-web' },
    ]);
    db.close();
  } finally {
    await harness.cleanup();
  }
});
