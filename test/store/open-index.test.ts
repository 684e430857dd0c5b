/**
 * The store's open index follows the sessions: a closed request stays in it while one of its
 * checkout sessions can still be paid, so the watcher's restart scan (`scanOpen`) finds it, while
 * people-facing lists (`listOpen`: status, App Home, approval expiry) still show open states only.
 * Recording the session's end takes the request out. Memory and sqlite (Redis when REDIS_URL is set).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { createStores, type Stores } from '../../src/store/index.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function cancelledWithLiveSession(id: string): PaymentRequest {
  return {
    id,
    purpose: 'fund',
    amountCents: 5_000,
    note: '',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C1' },
    requester: { platform: 'slack', id: 'U1' },
    payer: { platform: 'slack', id: 'U1' },
    needsApproval: true,
    state: 'cancelled',
    createdAt: T0,
    updatedAt: T0,
    attempts: [{ n: 1, idempotencyKey: `paylink-${id}-1`, sessionId: `cs_${id}`, expiresAt: T0 + 3_600_000 }],
    version: 5,
  };
}

async function scanned(stores: Stores): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of stores.requests.scanOpen?.(10) ?? []) ids.push(...page.map((r) => r.id));
  return ids.sort();
}

const backends: Array<[string, () => Promise<{ stores: Stores; cleanup: () => Promise<void> }>]> = [
  ['memory', async () => ({ stores: await createStores('memory://'), cleanup: async () => {} })],
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mlbot-open-index-'));
      const stores = await createStores(`sqlite://${join(dir, 'bot.sqlite')}`);
      return { stores, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
];
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL;
  backends.push([
    'redis',
    async () => ({
      stores: await createStores(url, { namespace: `mlbot-test-open-${randomUUID()}` }),
      cleanup: async () => {},
    }),
  ]);
}

describe.each(backends)('open index on %s', (_name, make) => {
  it("keeps a closed request while its session is live, and drops it once the session's end is recorded", async () => {
    const { stores, cleanup } = await make();
    try {
      const request = cancelledWithLiveSession('req-c1');
      await stores.requests.put(request);
      await stores.requests.put({ ...cancelledWithLiveSession('req-done'), attempts: [] });
      expect(await scanned(stores)).toEqual(['req-c1']);
      expect((await stores.requests.listOpen()).map((r) => r.id)).toEqual([]);

      const attempt = { ...request.attempts[0]!, sessionEnd: 'expired' as const, sessionEndedAt: T0 + 3_600_000 };
      await stores.requests.put({ ...request, attempts: [attempt], version: 6 });
      expect(await scanned(stores)).toEqual([]);
    } finally {
      await stores.close();
      await cleanup();
    }
  });
});
