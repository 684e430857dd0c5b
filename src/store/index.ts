/**
 * The store: keyv-backed repositories behind the core ports, on sqlite (default), Redis (several
 * processes, several bots on one Redis by namespace) or memory (tests, playground).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { BotError } from '../core/shared/errors.ts';
import {
  type AuditLog,
  type Clock,
  type KeyValueStore,
  type LeaseStore,
  type Logger,
  type OnceStore,
  type RateBudget,
  type RequestStore,
  silentLogger,
} from '../core/shared/ports.ts';
import { SINGLE_TENANT, type TenantId } from '../core/shared/tenant.ts';
import { BackendAuditLog } from './audit-log.ts';
import { guarded } from './guard.ts';
import { useFastCodec } from './keyv-codec.ts';
import { KeyvValueStore } from './kv-store.ts';
import { MemoryPrimitives } from './memory-primitives.ts';
import { runStoreMigrations } from './migrations.ts';
import type { StorePrimitives } from './primitives.ts';
import type { BudgetLimits } from './rate-budget.ts';
import { createRedisClient, type RedisClient, RedisPrimitives } from './redis-primitives.ts';
import { KeyvRequestStore } from './request-store.ts';
import { addContents, type ScopeContents } from './scope-contents.ts';
import { SqliteConnection } from './sqlite-connection.ts';
import { KEYV_SCHEMA, SqliteKeyvAdapter } from './sqlite-keyv.ts';
import { SqlitePrimitives } from './sqlite-primitives.ts';
import { registerInternals } from './store-internals.ts';
import { parseStoreUrl } from './store-url.ts';
import { checkAccount, tenantPrefix } from './tenant-keys.ts';

export {
  type MigrationContext,
  type MigrationOptions,
  type MigrationReport,
  runStoreMigrations,
  SCHEMA_VERSION_KEY,
  type SchemaVersion,
  STORE_MIGRATIONS,
  type StoreMigration,
} from './migrations.ts';
export { type BudgetLimits, MemoryRateBudget, withReserve } from './rate-budget.ts';
export { RedisRateBudget } from './redis-budget.ts';
export { EMPTY_SCOPE, type ScopeContents } from './scope-contents.ts';
export { parseStoreUrl, STORE_URL_FORMS } from './store-url.ts';

export interface Stores {
  readonly requests: RequestStore;
  readonly once: OnceStore;
  readonly leases: LeaseStore;
  readonly audit: AuditLog;
  readonly kv: KeyValueStore;
  /**
   * The billing-call budget: a sliding log of grants kept by the backend (memory: this process;
   * sqlite: a table in the file; Redis: one log for every process), so a restart continues it.
   */
  budget(perMinute: number, limits?: BudgetLimits & AccountBudget): RateBudget;
  /**
   * The stores of one tenant (core/shared/tenant.ts): every key, index, lease, dedupe claim and
   * audit row under the tenant's own prefix (`<namespace>:t:<tenant>:…`; sqlite rows keyed by
   * that namespace in the same tables), so nothing of one tenant is visible from another.
   * `root: true` (the tenant that adopted the data written before tenants existed), and
   * SINGLE_TENANT always, is the unprefixed layout this store always had: the very objects
   * `requests`, `once`, … of this Stores. Cheap (no I/O, the connection and keyv shared); the same
   * tenant gets the same object every time. Throws RangeError for a malformed tenant id.
   */
  scope(tenant: TenantId, options?: { readonly root?: boolean }): TenantStores;
  /**
   * Erase one tenant's scope: every request, value, index entry, lease, once claim and audit row
   * under its prefix, counted; `dryRun` counts only. Never the root layout (SINGLE_TENANT throws
   * RangeError, as does a malformed id), never another tenant's prefix. sqlite: one transaction;
   * Redis: SCAN + UNLINK in batches (re-run to finish one cut short); memory: the maps a running
   * scope holds are emptied in place. Data the tenant keeps in the root (its directory record,
   * its Slack installation) is the caller's (src/tenants/erase.ts).
   */
  dropScope(tenant: TenantId, options?: { readonly dryRun?: boolean }): Promise<ScopeContents>;
  /** Health check: false when the backend does not answer within 2 s. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The per-tenant part of Stores. */
export type TenantStores = Pick<Stores, 'requests' | 'once' | 'leases' | 'audit' | 'kv'>;

export interface AccountBudget {
  /**
   * ModelsLab's limit is per account: budgets with the same `account` (a fingerprint of the
   * token, never the token; `[A-Za-z0-9_-]{1,64}`, else RangeError) are one budget (grant log,
   * learned limit, block), whichever tenant or process spends it. Unset: the one budget of
   * single-team mode, under the key it always had.
   */
  readonly account?: string;
}

export interface StoreOptions {
  /** Key prefix, so one Redis (or one sqlite file) can hold several bots. Default `mlbot`. */
  readonly namespace?: string;
  readonly logger?: Logger;
  /**
   * Time for once/lease expiry on memory and sqlite (simulated-time tests). Redis always expires
   * by its own clock.
   */
  readonly clock?: Clock;
  /**
   * Run the store migrations (migrations.ts) before handing the stores out. Default true; false
   * opens the data exactly as it lies (tests of the migrations themselves, read-only tools).
   */
  readonly migrate?: boolean;
}

const CONNECT_TIMEOUT_MS = 5_000;
const PING_TIMEOUT_MS = 2_000;

export async function createStores(url: string, options: StoreOptions = {}): Promise<Stores> {
  const stores = await openStores(url, options);
  if (options.migrate === false) return stores;
  try {
    await runStoreMigrations(stores, {
      logger: (options.logger ?? silentLogger).child({ component: 'store' }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    return stores;
  } catch (error) {
    await stores.close().catch(() => {});
    throw error;
  }
}

async function openStores(url: string, options: StoreOptions): Promise<Stores> {
  const location = parseStoreUrl(url);
  const namespace = options.namespace ?? 'mlbot';
  const logger = (options.logger ?? silentLogger).child({ component: 'store', store: location.kind });
  const now = options.clock ? () => options.clock?.now() ?? Date.now() : Date.now;

  switch (location.kind) {
    case 'memory': {
      const keyv = new Keyv({ namespace, throwOnErrors: true });
      return assemble(keyv, new MemoryPrimitives(now), 'memory', (prefix, dryRun) =>
        dropMemoryValues(keyv, `${namespace}:${prefix}:`, dryRun),
      );
    }
    case 'sqlite': {
      await mkdir(dirname(location.path), { recursive: true });
      let connection: SqliteConnection | undefined;
      try {
        // One connection (node:sqlite in a worker, group commit) for keyv's values and our tables alike.
        connection = await SqliteConnection.open(location.path, { busyTimeoutMs: 5_000 });
        for (const statement of KEYV_SCHEMA) await connection.query(statement);
        const primitives = await SqlitePrimitives.open(connection.query, namespace, now);
        const adapter = new SqliteKeyvAdapter(connection.query, () => connection?.close() ?? Promise.resolve());
        adapter.on('error', (error: unknown) => logger.error({ err: error }, 'sqlite error'));
        const keyv = useFastCodec(new Keyv({ store: adapter, namespace, throwOnErrors: true }));
        return assemble(keyv, primitives, 'sqlite');
      } catch (error) {
        await connection?.close().catch(() => {});
        throw new BotError('store_unavailable', `cannot open sqlite store at ${location.path}: ${describe(error)}`, {
          cause: error,
        });
      }
    }
    case 'redis': {
      const client = await connectRedis(location.url, logger);
      const adapter = new KeyvRedis(client as never, { throwOnErrors: true });
      const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
      return assemble(keyv, new RedisPrimitives(client, namespace), 'redis');
    }
  }
}

/** Memory only: keyv's values sit in its own Map; sqlite and Redis drop theirs with the rest. */
type DropValues = (prefix: string, dryRun: boolean) => Promise<Partial<ScopeContents>>;

function assemble(keyv: Keyv, primitives: StorePrimitives, name: string, dropValues?: DropValues): Stores {
  const root = tenantStores(keyv, primitives, '', name);
  // One object per tenant: a second scope of the same tenant must share its per-request write
  // mutex (request-store.ts), and 1,000 tenants then cost 1,000 small objects, no connections.
  const scopes = new Map<TenantId, TenantStores>();
  let closed = false;
  const stores: Stores = {
    ...root,
    budget: (perMinute, limits = {}) => {
      const { account, ...sizes } = limits;
      return guarded(primitives.budget(perMinute, sizes, checkAccount(account)), `${name}.budget`);
    },
    scope(tenant, options = {}) {
      if (options.root || tenant === SINGLE_TENANT) return root;
      let scoped = scopes.get(tenant);
      if (!scoped) {
        const prefix = tenantPrefix(tenant);
        scoped = tenantStores(keyv, primitives.scoped(prefix), `${prefix}:`, name);
        scopes.set(tenant, scoped);
      }
      return scoped;
    },
    async dropScope(tenant, options = {}) {
      if (tenant === SINGLE_TENANT)
        throw new RangeError('the default tenant is the root layout: it has no scope to drop');
      const prefix = tenantPrefix(tenant);
      const dryRun = options.dryRun === true;
      const dropped = await guarded(primitives, `${name}.dropScope`).dropScope(prefix, dryRun);
      return dropValues ? addContents(dropped, await dropValues(prefix, dryRun)) : dropped;
    },
    async ping() {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([primitives.ping().catch(() => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await keyv.disconnect();
      await primitives.close();
    },
  };
  registerInternals(stores, primitives);
  return stores;
}

/** The repositories over one set of primitives; `keyPrefix` goes before every keyv key. */
function tenantStores(keyv: Keyv, primitives: StorePrimitives, keyPrefix: string, name: string): TenantStores {
  const backend = guarded(primitives, name);
  return {
    requests: guarded(new KeyvRequestStore(keyv, backend, keyPrefix), `${name}.requests`),
    once: backend,
    leases: backend,
    audit: new BackendAuditLog(backend),
    kv: guarded(new KeyvValueStore(keyv, keyPrefix), `${name}.kv`),
  };
}

async function dropMemoryValues(keyv: Keyv, head: string, dryRun: boolean): Promise<Partial<ScopeContents>> {
  const map = keyv.store as Map<string, unknown>;
  let requests = 0;
  let values = 0;
  for (const key of [...map.keys()]) {
    if (!key.startsWith(head)) continue;
    if (key.startsWith(`${head}req:`)) requests++;
    else values++;
    if (!dryRun) map.delete(key);
  }
  return { requests, values };
}

async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createRedisClient(url);
  // node-redis reconnects by itself; without a listener an 'error' event would crash the process.
  client.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
    return client;
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new BotError('store_unavailable', `cannot connect to Redis (STORE_URL): ${describe(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
