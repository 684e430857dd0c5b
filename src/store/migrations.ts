/**
 * Versioned store migrations: the store's schema version is a value in the root key-value store
 * (`store:schema-version`); on start each migration above it runs once, in order, and the
 * version is recorded after each one. A store that never recorded one is at version 0.
 *
 * Two processes starting at once (two replicas, an operator's restart overlapping the old
 * process) must not run a migration twice at the same time: the runner holds a lease while it
 * migrates and the other waits for it, then reads the version again. Each migration is also
 * idempotent on its own, so a crash between its work and the version write only repeats work.
 */
import { randomUUID } from 'node:crypto';
import { BotError } from '../core/shared/errors.ts';
import { type Clock, type Logger, silentLogger, systemClock } from '../core/shared/ports.ts';
import { SINGLE_TENANT } from '../core/shared/tenant.ts';
import type { Stores, TenantStores } from './index.ts';
import { sessionIndexMigration } from './migration-session-index.ts';
import { tenantsMigration } from './migration-tenants.ts';
import { rootPrimitives } from './store-internals.ts';

export const SCHEMA_VERSION_KEY = 'store:schema-version';
const LEASE_KEY = 'store:migrate';
const LEASE_MS = 30_000;
const WAIT_STEP_MS = 250;

/** What the store keeps under SCHEMA_VERSION_KEY. */
export interface SchemaVersion {
  readonly version: number;
  readonly name: string;
  readonly at: number;
}

export interface MigrationContext {
  /** The root (unprefixed) layout: single-team data and everything written before tenants. */
  readonly root: TenantStores;
  /** Every id in the root layout's creation index, and the open index in batches. */
  readonly ids: RequestIds;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Call between steps of a long migration: keeps the lease, or throws if another process took it. */
  readonly keepLease: () => Promise<void>;
}

export interface RequestIds {
  created(): Promise<string[]>;
  open(batchSize: number): AsyncIterable<string[]>;
}

export interface StoreMigration {
  readonly version: number;
  readonly name: string;
  run(context: MigrationContext): Promise<void>;
}

/** In order. v1 is the live-session re-index that predates this framework (its own marker still guards it). */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [sessionIndexMigration, tenantsMigration];

export interface MigrationOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Default STORE_MIGRATIONS (tests pass their own). */
  readonly migrations?: readonly StoreMigration[];
}

export interface MigrationReport {
  /** The version found (after waiting for another process that was migrating). */
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

export async function runStoreMigrations(stores: Stores, options: MigrationOptions = {}): Promise<MigrationReport> {
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  checkOrder(migrations);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const root = stores.scope(SINGLE_TENANT, { root: true });
  const latest = migrations.at(-1)?.version ?? 0;
  const owner = `migrate-${randomUUID()}`;

  for (;;) {
    const found = await readVersion(root);
    if (found >= latest) {
      if (found > latest) logger.warn({ found, latest }, 'store schema is newer than this code: running anyway');
      return { from: found, to: found, applied: [] };
    }
    if (await root.leases.acquire(LEASE_KEY, owner, LEASE_MS)) break;
    const left = (await root.leases.timeLeft?.(LEASE_KEY)) ?? WAIT_STEP_MS;
    await sleep(Math.min(WAIT_STEP_MS, Math.max(10, left)));
  }

  const keepLease = async () => {
    if (!(await root.leases.renew(LEASE_KEY, owner, LEASE_MS)))
      throw new BotError('conflict', 'store migration lease lost: another process is migrating');
  };
  try {
    // Read again under the lease: the process we waited for may have done it all.
    const from = await readVersion(root);
    const applied: string[] = [];
    const context: MigrationContext = { root, ids: requestIds(stores, root), clock, logger, keepLease };
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await migration.run(context);
      const record: SchemaVersion = { version: migration.version, name: migration.name, at: clock.now() };
      await root.kv.set(SCHEMA_VERSION_KEY, record);
      applied.push(migration.name);
      logger.info({ version: migration.version, migration: migration.name }, 'store migrated');
      await keepLease();
    }
    return { from, to: Math.max(from, latest), applied };
  } finally {
    await root.leases.release(LEASE_KEY, owner);
  }
}

async function readVersion(root: TenantStores): Promise<number> {
  return (await root.kv.get<SchemaVersion>(SCHEMA_VERSION_KEY))?.version ?? 0;
}

function requestIds(stores: Stores, root: TenantStores): RequestIds {
  const primitives = rootPrimitives(stores);
  if (primitives) return { created: () => primitives.createdSince(0), open: (n) => primitives.openIdBatches(n) };
  // A Stores not made by createStores (a test double): the public reads do the same, less frugally.
  return {
    created: async () => (await root.requests.listSince(0)).map((r) => r.id),
    async *open(n) {
      for await (const page of root.requests.scanOpen?.(n) ?? []) yield page.map((r) => r.id);
    },
  };
}

function checkOrder(migrations: readonly StoreMigration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (previous && previous.version >= m.version))
      throw new RangeError(`store migrations must have increasing versions ≥ 1 (at ${m.name})`);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
