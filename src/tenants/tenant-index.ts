/**
 * The index of every tenant in the root kv, so a restart finds them all. It is one list written
 * by every process, so each change is made under a lease: two processes adding (or an erase
 * removing) at the same moment must not lose the other's change.
 */
import { BotError } from '../core/shared/errors.ts';
import type { Clock, KeyValueStore, LeaseStore } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import { type TenantRecord, tenantRecordKey } from './tenant-record.ts';

/** The root kv key of the list of every tenant (erase.ts reads it). */
export const TENANT_INDEX_KEY = 'tenants:index';
const INDEX_LEASE = 'tenants:index';
const INDEX_LEASE_MS = 5_000;

/** Every tenant in the index. */
export async function indexedTenants(kv: KeyValueStore): Promise<TenantId[]> {
  return [...((await kv.get<TenantId[]>(TENANT_INDEX_KEY)) ?? [])];
}

/** Add `tenant` to the index, under a lease: two processes adding at once must not lose one. */
export async function addToIndex(
  kv: KeyValueStore,
  leases: LeaseStore,
  clock: Clock,
  tenant: TenantId,
  holder: string,
): Promise<void> {
  const known = (await kv.get<TenantId[]>(TENANT_INDEX_KEY)) ?? [];
  if (known.includes(tenant)) return;
  for (let i = 0; i < 50 && !(await leases.acquire(INDEX_LEASE, holder, INDEX_LEASE_MS)); i++)
    await new Promise<void>((resolve) => clock.setTimer(resolve, 100));
  try {
    const now = (await kv.get<TenantId[]>(TENANT_INDEX_KEY)) ?? [];
    if (!now.includes(tenant)) await kv.set<TenantId[]>(TENANT_INDEX_KEY, [...now, tenant]);
  } finally {
    await leases.release(INDEX_LEASE, holder);
  }
}

/**
 * Erase (src/tenants/erase.ts): the tenant's record, sealed tokens and all, and its place in the
 * index, under the index lease `addToIndex` takes (an install added at the same moment is not lost).
 * True when there was a record or an index entry.
 */
export async function removeFromDirectory(
  kv: KeyValueStore,
  leases: LeaseStore,
  tenant: TenantId,
  owner: string,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  const had = (await kv.get<TenantRecord>(tenantRecordKey(tenant))) !== undefined;
  const holder = `${owner}:directory`;
  let held = false;
  for (let i = 0; i < 50 && !held; i++) {
    held = await leases.acquire(INDEX_LEASE, holder, INDEX_LEASE_MS);
    if (!held) await wait(100);
  }
  if (!held) throw new BotError('conflict', 'the tenant index is busy (its lease is held): try again');
  try {
    const known = (await kv.get<TenantId[]>(TENANT_INDEX_KEY)) ?? [];
    if (known.includes(tenant))
      await kv.set<TenantId[]>(
        TENANT_INDEX_KEY,
        known.filter((t) => t !== tenant),
      );
    await kv.delete(tenantRecordKey(tenant));
    return had || known.includes(tenant);
  } finally {
    await leases.release(INDEX_LEASE, holder);
  }
}
