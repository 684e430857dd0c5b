/**
 * The three backends as StoreHarness (store-contract.ts): memory, sqlite in a fresh directory,
 * Redis under a unique namespace (REDIS_URL; REQUIRE_REDIS=1 turns a missing Redis into a failure).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { createStores } from '../../src/store/index.ts';
import type { StoreHarness } from './store-contract.ts';

export const REDIS_URL = process.env.REDIS_URL;

export function requireRedisOrSay(what: string): void {
  if (REDIS_URL) return;
  const line = `REDIS_URL is unset: skipping ${what} on Redis (set REDIS_URL=redis://127.0.0.1:6379 to run it)`;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`${line}; REQUIRE_REDIS=1 makes this a failure`);
  console.log(line);
}

export const memoryHarness = async (): Promise<StoreHarness> => ({
  open: () => createStores('memory://'),
  sharedBudget: false,
  cleanup: async () => {},
});

export async function sqliteHarness(): Promise<StoreHarness & { readonly path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mlbot-store-'));
  const path = join(dir, 'mlbot.sqlite');
  return {
    path,
    open: () => createStores(`sqlite://${path}`),
    reopen: () => createStores(`sqlite://${path}`),
    sharedBudget: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function redisHarness(): Promise<StoreHarness & { readonly namespace: string }> {
  const namespace = `mlbot-test-${randomUUID()}`;
  const url = REDIS_URL ?? '';
  return {
    namespace,
    open: () => createStores(url, { namespace }),
    reopen: () => createStores(url, { namespace }),
    sharedBudget: true,
    cleanup: () => deleteNamespace(namespace),
  };
}

export async function redisKeys(namespace: string): Promise<string[]> {
  const client = createClient({ url: REDIS_URL ?? '' });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 500 })) keys.push(...batch);
    return keys;
  } finally {
    await client.close();
  }
}

export async function deleteNamespace(namespace: string): Promise<void> {
  const keys = await redisKeys(namespace);
  if (keys.length === 0) return;
  const client = createClient({ url: REDIS_URL ?? '' });
  await client.connect();
  try {
    await client.del(keys);
  } finally {
    await client.close();
  }
}
