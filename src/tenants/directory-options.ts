/**
 * What the directory is built from (the store's root kv and leases, the secret box, the
 * environment's defaults and the token checks the app supplies) and who it tells of a change
 * (the hub). Its own file so the hub can name the listener without the directory's internals.
 */
import type { AuditLog, Clock, KeyValueStore, LeaseStore, Logger } from '../core/shared/ports.ts';
import type { Tenancy, TenantId } from '../core/shared/tenant.ts';
import type { TenantSettings, TokenCheck } from '../core/shared/workspace-ports.ts';
import type { RotatingSecretBox } from './secret-box.ts';

/** What the directory tells the hub. */
export interface TenantListener {
  connected(tenant: TenantId): void | Promise<void>;
  disconnected(tenant: TenantId): void | Promise<void>;
  settingsChanged(tenant: TenantId): void | Promise<void>;
}

export interface DirectoryOptions {
  readonly tenancy: Tenancy;
  /** The store's root kv and leases (records and the index are not any tenant's data). */
  readonly kv: KeyValueStore;
  readonly leases: LeaseStore;
  /** Required in workspaces mode: tokens are stored sealed with it. */
  readonly box?: RotatingSecretBox;
  /** Single-team mode's token (MODELSLAB_TOKEN, or the simulator's). */
  readonly singleToken?: string;
  /** The environment's settings for a new tenant (app: core's defaultSettings over config). */
  defaults(tenant: TenantId): TenantSettings;
  /** One read call with a token (AccountPool.checkToken). */
  checkToken(token: string): Promise<TokenCheck>;
  accountOf(token: string): string;
  /** The tenant's own audit log (app: `stores.scope(tenant).audit`). */
  auditFor(tenant: TenantId): AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Process name in the index lease. */
  readonly ownerId?: string;
}
