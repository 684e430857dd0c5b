/**
 * Writes a store fixture: one of everything a store keeps (requests, audit rows, a dedupe key, a
 * lease, budget grants, kv values), at a fixed time, through whatever store code the checkout it
 * runs in has. Shared by the scripts that made test/fixtures/pre-tenants.sqlite and
 * test/store/migration/sqlite3-store.sqlite; copy it into test/support with them.
 */
import type { AuditEntry, PaymentRequest } from '../../src/core/requests/request.ts';
import { createStores } from '../../src/store/index.ts';

export interface StoreFixtureContent {
  readonly WRITTEN_AT: number;
  readonly NAMESPACE: string;
  readonly REQUESTS: readonly PaymentRequest[];
  readonly AUDIT: readonly AuditEntry[];
  readonly DEDUPE_KEY: string;
  readonly LEASE: { readonly key: string; readonly owner: string };
  readonly TTL_MS: number;
  readonly BUDGET_PER_MIN: number;
  readonly BUDGET_TAKES: number;
  readonly KV: Readonly<Record<string, unknown>>;
}

/** Writes `content` into a fresh sqlite store at `out` (the script's only argument, `usage` if missing). */
export async function writeStoreFixture(out: string | undefined, usage: string, content: StoreFixtureContent) {
  if (!out) throw new Error(`usage: ${usage} <out.sqlite>`);
  // Only `now` is read by the store (once/lease expiry); a plain object keeps the script free of
  // core paths that moved since the commits it runs at.
  const clock = { now: () => content.WRITTEN_AT } as never;
  const stores = await createStores(`sqlite://${out}`, { namespace: content.NAMESPACE, clock });
  for (const request of content.REQUESTS) await stores.requests.put(request);
  for (const entry of content.AUDIT) await stores.audit.append(entry);
  if (!(await stores.once.claim(content.DEDUPE_KEY, content.TTL_MS))) throw new Error('dedupe key not claimed');
  const { key, owner } = content.LEASE;
  if (!(await stores.leases.acquire(key, owner, content.TTL_MS))) throw new Error('lease not acquired');
  const budget = stores.budget(content.BUDGET_PER_MIN);
  for (let i = 0; i < content.BUDGET_TAKES; i++) {
    if (!(await budget.tryTake(content.WRITTEN_AT + i)).granted) throw new Error('budget take refused');
  }
  for (const [k, value] of Object.entries(content.KV)) await stores.kv.set(k, value);
  await stores.close();
  console.log(`wrote ${out}`);
}
