import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotError } from '../../src/core/shared/errors.ts';
import { createStores } from '../../src/store/index.ts';
import { deleteNamespace, memoryHarness, REDIS_URL, redisHarness, requireRedisOrSay } from './harnesses.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory', memoryHarness);

storeContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mlbot-store-'));
  // A directory that does not exist yet: createStores makes it.
  const url = `sqlite://${join(dir, 'nested', 'mlbot.sqlite')}`;
  return {
    open: () => createStores(url),
    reopen: () => createStores(url),
    sharedBudget: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

requireRedisOrSay('the store contract');

describe.skipIf(!REDIS_URL)('redis', () => {
  storeContract('redis', redisHarness);

  it('keeps two namespaces on one Redis apart', async () => {
    const url = REDIS_URL ?? '';
    const [a, b] = [`mlbot-test-${randomUUID()}`, `mlbot-test-${randomUUID()}`];
    const storesA = await createStores(url, { namespace: a });
    const storesB = await createStores(url, { namespace: b });
    try {
      expect(await storesA.once.claim('k', 60_000)).toBe(true);
      expect(await storesB.once.claim('k', 60_000)).toBe(true);
      await storesA.kv.set('x', 'a');
      expect(await storesB.kv.get('x')).toBeUndefined();
    } finally {
      await storesA.close();
      await storesB.close();
      await deleteNamespace(a);
      await deleteNamespace(b);
    }
  });
});

describe('createStores', () => {
  it('rejects an unknown STORE_URL scheme with a message naming the accepted forms', async () => {
    const attempt = createStores('postgres://user:secret@db/mlbot');
    await expect(attempt).rejects.toBeInstanceOf(BotError);
    await expect(attempt).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(attempt).rejects.toThrow(/STORE_URL.*sqlite:\/\/.*redis:\/\/.*memory:\/\//);
    await expect(attempt).rejects.not.toThrow(/secret/);
  });

  it('reports an unreachable Redis as store_unavailable', async () => {
    await expect(createStores('redis://127.0.0.1:1')).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
