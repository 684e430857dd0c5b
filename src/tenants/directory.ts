/**
 * The directory of tenants (core's TenantDirectory) on the store's root kv: one record per tenant
 * (tenant-record.ts: who installed it, the sealed ModelsLab token, the settings that differ from
 * the environment's defaults, settings-overrides.ts) and an index of every tenant
 * (tenant-index.ts), so a restart finds them all.
 *
 * Tokens go in through `connect`, sealed (sealed-tokens.ts) before they are stored, and come out
 * only to the hub (`credentials`), never through core's interface.
 *
 * Disconnecting moves the sealed token aside (`draining`): the tenant takes no new work at once,
 * but the sessions it already handed out can still be paid, so its watcher keeps confirming them
 * with that token until none is left (money follows the session); the hub then `purgeDrained`s it.
 *
 * Connecting another token retires the one it replaces (sealed-tokens.ts); the hub
 * `forgetRetired`s it once the last session it created can no longer be paid.
 *
 * Single-team mode: one tenant, SINGLE_TENANT, always connected with the environment's token;
 * its settings are stored the same way, so `/ml settings` works there too.
 */
import { BotError } from '../core/shared/errors.ts';
import type { AuditLog } from '../core/shared/ports.ts';
import { isTenantId, platformOfTenant, SINGLE_TENANT, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { UserRef } from '../core/shared/types.ts';
import type { TenantDirectory, TenantSettings, TenantStatus, TokenCheck } from '../core/shared/workspace-ports.ts';
import type { DirectoryOptions, TenantListener } from './directory-options.ts';
import {
  openCredentials,
  openRetired,
  type RetiredCredentials,
  retireReplaced,
  type SealedTokenDeps,
  type TenantCredentials,
} from './sealed-tokens.ts';
import { type RotatingSecretBox, tokenAad } from './secret-box.ts';
import { mergeSettings, overridesOf } from './settings-overrides.ts';
import { auditTenantChange } from './tenant-audit.ts';
import { addToIndex, indexedTenants } from './tenant-index.ts';
import { freshRecord, type SealedToken, type TenantRecord, tenantRecordKey } from './tenant-record.ts';

// Other code imports these from here (the directory's public face); each lives in its own file.
export type { DirectoryOptions, TenantListener } from './directory-options.ts';
export type { RetiredCredentials, TenantCredentials } from './sealed-tokens.ts';
export { mergeSettings, overridesOf, type SettingsOverrides } from './settings-overrides.ts';
export { removeFromDirectory, TENANT_INDEX_KEY } from './tenant-index.ts';
export { type RetiredToken, type SealedToken, type TenantRecord, tenantRecordKey } from './tenant-record.ts';

export class Directory implements TenantDirectory {
  readonly tenancy: Tenancy;
  readonly #o: DirectoryOptions;
  readonly #listeners: TenantListener[] = [];
  readonly #owner: string;

  constructor(options: DirectoryOptions) {
    if (options.tenancy === 'workspaces' && !options.box)
      throw new BotError('config_invalid', 'workspaces mode needs a secret box (SECRETS_KEY)');
    this.tenancy = options.tenancy;
    this.#o = options;
    this.#owner = `${options.ownerId ?? 'local'}:directory`;
  }

  onChange(listener: TenantListener): void {
    this.#listeners.push(listener);
  }

  async status(tenant: TenantId): Promise<TenantStatus> {
    if (this.tenancy === 'single') return { tenant, connected: true };
    const r = await this.record(tenant);
    return {
      tenant,
      connected: r?.token !== undefined,
      ...(r?.installerId && !r.uninstalledAt ? { installerId: r.installerId } : {}),
      ...(r?.token ? { connectedBy: r.token.connectedBy, connectedAt: r.token.connectedAt } : {}),
    };
  }

  checkToken(token: string): Promise<TokenCheck> {
    return this.#o.checkToken(token);
  }

  async connect(tenant: TenantId, token: string, by: UserRef): Promise<void> {
    const box = this.#workspacesBox(tenant);
    const now = this.#o.clock.now();
    const sealed: SealedToken = {
      sealed: box.seal(token, tokenAad(tenant)),
      account: this.#o.accountOf(token),
      connectedBy: by,
      connectedAt: now,
    };
    const before = await this.record(tenant);
    // A new token replaces the old one and whatever was draining (the hub restarts the tenant on
    // it); they are retired, not dropped: their sessions can still be paid, and only they can confirm them.
    const { draining, token: replaced, retired, ...rest } = before ?? freshRecord(tenant, now);
    const keep = retireReplaced(
      this.#o.box,
      this.#o.logger,
      tenant,
      token,
      [replaced, draining, ...(retired ?? [])],
      now,
    );
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), {
      ...rest,
      token: sealed,
      ...(keep.length > 0 ? { retired: keep } : {}),
    });
    for (const r of keep)
      if (!retired?.some((o) => o.account === r.account && o.retiredAt === r.retiredAt))
        this.#o.logger.info(
          { tenant, account: r.account },
          'replaced ModelsLab token retired: kept for its open sessions',
        );
    this.#o.logger.info({ tenant, account: sealed.account }, 'tenant connected a ModelsLab account');
    await this.#emit((l) => l.connected(tenant));
  }

  async disconnect(tenant: TenantId, _by: UserRef): Promise<boolean> {
    this.#workspacesBox(tenant);
    const before = await this.record(tenant);
    if (!before?.token) return false;
    const { token, ...rest } = before;
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), { ...rest, draining: token });
    this.#o.logger.info({ tenant, account: token.account }, 'tenant disconnected its ModelsLab account');
    await this.#emit((l) => l.disconnected(tenant));
    return true;
  }

  async settings(tenant: TenantId): Promise<TenantSettings> {
    return mergeSettings(this.#o.defaults(tenant), (await this.record(tenant))?.settings);
  }

  async saveSettings(tenant: TenantId, next: TenantSettings, _by: UserRef): Promise<void> {
    this.#checkTenant(tenant);
    const now = this.#o.clock.now();
    const before = (await this.record(tenant)) ?? freshRecord(tenant, now);
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), {
      ...before,
      settings: overridesOf(this.#o.defaults(tenant), next),
    });
    await this.#emit((l) => l.settingsChanged(tenant));
  }

  audit(tenant: TenantId): AuditLog {
    return this.#o.auditFor(tenant);
  }

  // ------------------------------------------------------------ the runtime's side

  async record(tenant: TenantId): Promise<TenantRecord | undefined> {
    if (!isTenantId(tenant)) return undefined;
    return this.#o.kv.get<TenantRecord>(tenantRecordKey(tenant));
  }

  /** Every tenant the directory has a record of (single-team mode: the one). */
  async list(): Promise<TenantId[]> {
    if (this.tenancy === 'single') return [SINGLE_TENANT];
    return indexedTenants(this.#o.kv);
  }

  /**
   * The token a tenant's engine runs on: its connected one, else the one still draining. An old
   * key's seal is rewrapped under the current key on the way (key rotation, secret-box.ts).
   */
  async credentials(tenant: TenantId): Promise<TenantCredentials | undefined> {
    if (this.tenancy === 'single') {
      if (tenant !== SINGLE_TENANT || this.#o.singleToken === undefined) return undefined;
      return { token: this.#o.singleToken, account: undefined, draining: false };
    }
    const r = await this.record(tenant);
    if (!this.#o.box) return undefined;
    return openCredentials(this.#sealDeps(this.#o.box), tenant, r);
  }

  /**
   * The draining token's sessions are all over (the tenant's watcher has none left): forget it,
   * and the retired tokens with it (their sessions were the watcher's too).
   */
  async purgeDrained(tenant: TenantId): Promise<void> {
    const r = await this.record(tenant);
    if (!r?.draining) return;
    const { draining, retired, ...rest } = r;
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), rest);
    this.#o.logger.info(
      { tenant, account: draining.account },
      'disconnected account forgotten: no session of it is left',
    );
    for (const old of retired ?? [])
      this.#o.logger.info({ tenant, account: old.account }, 'retired account forgotten: no session of it is left');
    await this.#audit(tenant, 'disconnected ModelsLab account forgotten: no payment link of it is left');
  }

  /** The tenant's retired tokens, opened (hub only: the sessions they created are confirmed with them). */
  async retiredCredentials(tenant: TenantId): Promise<RetiredCredentials[]> {
    const box = this.#o.box;
    if (this.tenancy !== 'workspaces' || !box) return [];
    return openRetired(this.#sealDeps(box), tenant, await this.record(tenant));
  }

  /** The last session `account`'s retired token created can no longer be paid: forget the token. */
  async forgetRetired(tenant: TenantId, account: string): Promise<void> {
    const r = await this.record(tenant);
    const left = (r?.retired ?? []).filter((t) => t.account !== account);
    if (!r || left.length === (r.retired ?? []).length) return;
    const { retired: _gone, ...rest } = r;
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), {
      ...rest,
      ...(left.length > 0 ? { retired: left } : {}),
    });
    this.#o.logger.info({ tenant, account }, 'retired account forgotten: its last payment link expired');
    await this.#audit(tenant, 'replaced ModelsLab account forgotten: its last payment link expired');
  }

  /** The app was installed (Slack OAuth) or the bot joined (Discord): its installer may connect. */
  async recordInstall(tenant: TenantId, installerId: string): Promise<void> {
    this.#checkTenant(tenant);
    const now = this.#o.clock.now();
    const before = (await this.record(tenant)) ?? freshRecord(tenant, now);
    const { uninstalledAt: _gone, ...rest } = before;
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), { ...rest, installerId, installedAt: now });
    this.#o.logger.info({ tenant }, 'tenant installed the app');
    const platform = platformOfTenant(tenant);
    await this.#audit(
      tenant,
      'app installed; the installer may connect a ModelsLab account',
      platform ? { platform, id: installerId } : undefined,
    );
  }

  /**
   * Uninstalled (Slack app_uninstalled, Discord guildDelete): no new work, the account drains as
   * on a disconnect. The record stays (a reinstall finds its settings) and says when.
   */
  async recordUninstall(tenant: TenantId): Promise<void> {
    const before = await this.record(tenant);
    if (!before) return;
    const { token, ...rest } = before;
    await this.#o.kv.set<TenantRecord>(tenantRecordKey(tenant), {
      ...rest,
      ...(token ? { draining: token } : {}),
      uninstalledAt: this.#o.clock.now(),
    });
    this.#o.logger.info({ tenant }, 'tenant uninstalled the app');
    await this.#audit(
      tenant,
      token
        ? 'app uninstalled: no new work; links already sent can still be paid until they expire'
        : 'app uninstalled',
    );
    if (token) await this.#emit((l) => l.disconnected(tenant));
  }

  // ------------------------------------------------------------ inside

  /** Best effort, in the tenant's audit trail (tenant-audit.ts). */
  #audit(tenant: TenantId, detail: string, actor?: UserRef): Promise<void> {
    return auditTenantChange(this.#o, tenant, detail, actor);
  }

  #sealDeps(box: RotatingSecretBox): SealedTokenDeps {
    return { kv: this.#o.kv, box, logger: this.#o.logger, accountOf: (token) => this.#o.accountOf(token) };
  }

  #checkTenant(tenant: TenantId): void {
    if (!isTenantId(tenant)) throw new BotError('not_found', 'no such tenant');
    if (this.tenancy === 'workspaces' && tenant === SINGLE_TENANT) throw new BotError('not_found', 'no such tenant');
  }

  #workspacesBox(tenant: TenantId): RotatingSecretBox {
    // Core offers connect and disconnect in workspaces mode only; single mode's token is the env's.
    if (this.tenancy !== 'workspaces' || !this.#o.box)
      throw new BotError('conflict', 'connect and disconnect exist in workspaces mode only');
    this.#checkTenant(tenant);
    return this.#o.box;
  }

  /** Add `tenant` to the index (tenant-index.ts: under a lease, so two processes lose none). */
  async #index(tenant: TenantId): Promise<void> {
    if (this.tenancy === 'single') return;
    await addToIndex(this.#o.kv, this.#o.leases, this.#o.clock, tenant, this.#owner);
  }

  async #emit(call: (l: TenantListener) => void | Promise<void>): Promise<void> {
    for (const l of this.#listeners) {
      try {
        await call(l);
      } catch (err) {
        this.#o.logger.error({ err }, 'tenant listener failed');
      }
    }
  }
}
