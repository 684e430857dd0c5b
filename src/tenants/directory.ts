/**
 * The directory of tenants (core's TenantDirectory) on the store's root kv: one record per tenant
 * (who installed it, the sealed ModelsLab token, the settings that differ from the environment's
 * defaults) and an index of every tenant, so a restart finds them all.
 *
 * Tokens go in through `connect`, sealed (secret-box.ts, AAD `modelslab-token:<tenant>`) before
 * they are stored, and come out only to the hub (`credentials`), never through core's interface.
 *
 * Disconnecting moves the sealed token aside (`draining`): the tenant takes no new work at once,
 * but the sessions it already handed out can still be paid, so its watcher keeps confirming them
 * with that token until none is left (money follows the session); the hub then `purgeDrained`s it.
 *
 * Connecting another token (another account, or the same account's rotated token) retires the
 * one it replaces, and a draining one (disconnect, then connect): each stays sealed in `retired`,
 * one per account, because the sessions it created are known only to its account and are
 * confirmed with it (session-billing.ts); the hub `forgetRetired`s it once the last of them can
 * no longer be paid.
 *
 * Single-team mode: one tenant, SINGLE_TENANT, always connected with the environment's token;
 * its settings are stored the same way, so `/ml settings` works there too.
 */
import { BotError } from '../core/shared/errors.ts';
import type { AuditLog, Clock, KeyValueStore, LeaseStore, Logger } from '../core/shared/ports.ts';
import { isTenantId, platformOfTenant, SINGLE_TENANT, type Tenancy, type TenantId } from '../core/shared/tenant.ts';
import type { Platform, UserRef } from '../core/shared/types.ts';
import type { TenantDirectory, TenantSettings, TenantStatus, TokenCheck } from '../core/shared/workspace-ports.ts';
import { type RotatingSecretBox, tokenAad } from './secret-box.ts';

export interface SealedToken {
  readonly sealed: string;
  /** accountFingerprint of the token (the budget's key); safe to store and log. */
  readonly account: string;
  readonly connectedBy: UserRef;
  readonly connectedAt: number;
}

/** A superseded token, kept for the sessions it created until they can no longer be paid. */
export interface RetiredToken extends SealedToken {
  readonly retiredAt: number;
}

/** A retired token as the hub gets it: opened. */
export interface RetiredCredentials {
  readonly token: string;
  readonly account: string;
  readonly retiredAt: number;
}

/** A settings field set to null was cleared on purpose (an alert turned off the env had on). */
export type SettingsOverrides = { readonly [K in keyof TenantSettings]?: TenantSettings[K] | null };

export interface TenantRecord {
  readonly v: 1;
  readonly tenant: TenantId;
  readonly platform: Platform | undefined;
  readonly createdAt: number;
  readonly installerId?: string;
  readonly installedAt?: number;
  readonly uninstalledAt?: number;
  readonly token?: SealedToken;
  readonly draining?: SealedToken;
  /** Superseded tokens whose sessions may still be paid (at most one per account). */
  readonly retired?: readonly RetiredToken[];
  readonly settings?: SettingsOverrides;
}

export interface TenantCredentials {
  readonly token: string;
  /** Undefined for single-team mode's one account. */
  readonly account: string | undefined;
  /** Disconnected: only the sessions already handed out are still watched. */
  readonly draining: boolean;
}

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

const RECORD = (tenant: TenantId) => `tenant:${tenant}`;
/** Where a tenant's record lies in the root kv (erase.ts reads it to say what it deletes). */
export const tenantRecordKey = RECORD;
const INDEX = 'tenants:index';
/** The root kv key of the list of every tenant (erase.ts reads it). */
export const TENANT_INDEX_KEY = INDEX;
const INDEX_LEASE = 'tenants:index';
const INDEX_LEASE_MS = 5_000;

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
    const { draining, token: replaced, retired, ...rest } = before ?? this.#fresh(tenant, now);
    const keep = this.#retire(tenant, token, [replaced, draining, ...(retired ?? [])], now);
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), {
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
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), { ...rest, draining: token });
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
    const before = (await this.record(tenant)) ?? this.#fresh(tenant, now);
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), {
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
    return this.#o.kv.get<TenantRecord>(RECORD(tenant));
  }

  /** Every tenant the directory has a record of (single-team mode: the one). */
  async list(): Promise<TenantId[]> {
    if (this.tenancy === 'single') return [SINGLE_TENANT];
    return [...((await this.#o.kv.get<TenantId[]>(INDEX)) ?? [])];
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
    const held = r?.token ?? r?.draining;
    if (!r || !held || !this.#o.box) return undefined;
    const aad = tokenAad(tenant);
    const token = this.#o.box.open(held.sealed, aad);
    if (this.#o.box.isStale(held.sealed)) {
      // The fingerprint follows the key too (secret-box.ts): the hub compares it with the pool's.
      const rewrapped = { ...held, sealed: this.#o.box.seal(token, aad), account: this.#o.accountOf(token) };
      await this.#o.kv.set<TenantRecord>(
        RECORD(tenant),
        r.token ? { ...r, token: rewrapped } : { ...r, draining: rewrapped },
      );
    }
    return {
      token,
      account: this.#o.box.isStale(held.sealed) ? this.#o.accountOf(token) : held.account,
      draining: r.token === undefined,
    };
  }

  /**
   * The draining token's sessions are all over (the tenant's watcher has none left): forget it,
   * and the retired tokens with it (their sessions were the watcher's too).
   */
  async purgeDrained(tenant: TenantId): Promise<void> {
    const r = await this.record(tenant);
    if (!r?.draining) return;
    const { draining, retired, ...rest } = r;
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), rest);
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
    const r = await this.record(tenant);
    const out: RetiredCredentials[] = [];
    const aad = tokenAad(tenant);
    let rewrapped = false;
    const kept: RetiredToken[] = [];
    for (const old of r?.retired ?? []) {
      kept.push(old);
      try {
        const token = box.open(old.sealed, aad);
        out.push({ token, account: old.account, retiredAt: old.retiredAt });
        // Key rotation: a retired token outlives the old key's removal only if it is rewrapped too.
        if (box.isStale(old.sealed)) {
          kept[kept.length - 1] = { ...old, sealed: box.seal(token, aad) };
          rewrapped = true;
        }
      } catch (err) {
        // The key id only (secret-box.ts): the operator must put that key back in SECRETS_KEY.
        this.#o.logger.error(
          { tenant, account: old.account, err: err instanceof Error ? err.message : 'error' },
          'retired ModelsLab token does not open: its sessions cannot be confirmed with it',
        );
      }
    }
    if (r && rewrapped) await this.#o.kv.set<TenantRecord>(RECORD(tenant), { ...r, retired: kept });
    return out;
  }

  /** The last session `account`'s retired token created can no longer be paid: forget the token. */
  async forgetRetired(tenant: TenantId, account: string): Promise<void> {
    const r = await this.record(tenant);
    const left = (r?.retired ?? []).filter((t) => t.account !== account);
    if (!r || left.length === (r.retired ?? []).length) return;
    const { retired: _gone, ...rest } = r;
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), { ...rest, ...(left.length > 0 ? { retired: left } : {}) });
    this.#o.logger.info({ tenant, account }, 'retired account forgotten: its last payment link expired');
    await this.#audit(tenant, 'replaced ModelsLab account forgotten: its last payment link expired');
  }

  /** The app was installed (Slack OAuth) or the bot joined (Discord): its installer may connect. */
  async recordInstall(tenant: TenantId, installerId: string): Promise<void> {
    this.#checkTenant(tenant);
    const now = this.#o.clock.now();
    const before = (await this.record(tenant)) ?? this.#fresh(tenant, now);
    const { uninstalledAt: _gone, ...rest } = before;
    await this.#index(tenant);
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), { ...rest, installerId, installedAt: now });
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
    await this.#o.kv.set<TenantRecord>(RECORD(tenant), {
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

  /**
   * The lifecycle the runtime sees (installs, removals, a drained account forgotten) in the
   * tenant's audit trail, beside core's connect, disconnect and settings lines. Best effort: the
   * record is already written, and an audit outage must not undo an uninstall.
   */
  async #audit(tenant: TenantId, detail: string, actor?: UserRef): Promise<void> {
    try {
      await this.#o.auditFor(tenant).append({
        at: this.#o.clock.now(),
        requestId: 'account',
        purpose: 'account',
        from: null,
        to: 'done',
        ...(actor ? { actor } : {}),
        detail,
      });
    } catch (err) {
      this.#o.logger.warn({ err, tenant }, 'could not audit a tenant change');
    }
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

  /**
   * What `retired` holds once `token` is the current one: every other token of the list, once
   * each (by fingerprint). The new token itself comes off the list: its sessions go to the
   * current account again. A token that no longer opens confirms nothing and is dropped.
   */
  #retire(tenant: TenantId, token: string, held: ReadonlyArray<SealedToken | undefined>, now: number): RetiredToken[] {
    const box = this.#o.box;
    if (!box) return [];
    const aad = tokenAad(tenant);
    const byAccount = new Map<string, RetiredToken>();
    for (const t of held) {
      if (!t) continue;
      let plain: string;
      try {
        plain = box.open(t.sealed, aad);
      } catch {
        this.#o.logger.warn({ tenant, account: t.account }, 'replaced ModelsLab token does not open: dropped');
        continue;
      }
      if (plain === token) continue;
      const retired: RetiredToken = 'retiredAt' in t ? (t as RetiredToken) : { ...t, retiredAt: now };
      // Newest first (current, draining, then older retirements): the first seen keeps its date.
      if (!byAccount.has(t.account)) byAccount.set(t.account, retired);
    }
    return [...byAccount.values()];
  }

  #fresh(tenant: TenantId, now: number): TenantRecord {
    return { v: 1, tenant, platform: platformOfTenant(tenant), createdAt: now };
  }

  /** Add `tenant` to the index, under a lease: two processes adding at once must not lose one. */
  async #index(tenant: TenantId): Promise<void> {
    if (this.tenancy === 'single') return;
    const known = (await this.#o.kv.get<TenantId[]>(INDEX)) ?? [];
    if (known.includes(tenant)) return;
    const { leases, clock } = this.#o;
    for (let i = 0; i < 50 && !(await leases.acquire(INDEX_LEASE, this.#owner, INDEX_LEASE_MS)); i++)
      await new Promise<void>((resolve) => clock.setTimer(resolve, 100));
    try {
      const now = (await this.#o.kv.get<TenantId[]>(INDEX)) ?? [];
      if (!now.includes(tenant)) await this.#o.kv.set<TenantId[]>(INDEX, [...now, tenant]);
    } finally {
      await leases.release(INDEX_LEASE, this.#owner);
    }
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

/**
 * Erase (src/tenants/erase.ts): the tenant's record, sealed tokens and all, and its place in the
 * index, under the index lease `#index` takes (an install added at the same moment is not lost).
 * True when there was a record or an index entry.
 */
export async function removeFromDirectory(
  kv: KeyValueStore,
  leases: LeaseStore,
  tenant: TenantId,
  owner: string,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  const had = (await kv.get<TenantRecord>(RECORD(tenant))) !== undefined;
  const holder = `${owner}:directory`;
  let held = false;
  for (let i = 0; i < 50 && !held; i++) {
    held = await leases.acquire(INDEX_LEASE, holder, INDEX_LEASE_MS);
    if (!held) await wait(100);
  }
  if (!held) throw new BotError('conflict', 'the tenant index is busy (its lease is held): try again');
  try {
    const known = (await kv.get<TenantId[]>(INDEX)) ?? [];
    if (known.includes(tenant))
      await kv.set<TenantId[]>(
        INDEX,
        known.filter((t) => t !== tenant),
      );
    await kv.delete(RECORD(tenant));
    return had || known.includes(tenant);
  } finally {
    await leases.release(INDEX_LEASE, holder);
  }
}

/** The environment's defaults with a tenant's overrides on top (approvers per platform). */
export function mergeSettings(defaults: TenantSettings, overrides: SettingsOverrides | undefined): TenantSettings {
  if (!overrides) return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (k === 'approvers' && v) out[k] = { ...defaults.approvers, ...(v as TenantSettings['approvers']) };
    else if (v !== undefined) out[k] = v;
  }
  return out as unknown as TenantSettings;
}

/** What `next` changes from the defaults: a later change of the environment still reaches the rest. */
export function overridesOf(defaults: TenantSettings, next: TenantSettings): SettingsOverrides {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(defaults), ...Object.keys(next)]) as Set<keyof TenantSettings>;
  for (const k of keys) {
    if (k === 'approvers') {
      const changed: Record<string, readonly string[]> = {};
      for (const [p, ids] of Object.entries(next.approvers))
        if (!sameList(ids, defaults.approvers[p as Platform])) changed[p] = ids ?? [];
      for (const p of Object.keys(defaults.approvers)) if (!(p in next.approvers)) changed[p] = [];
      if (Object.keys(changed).length > 0) out[k] = changed;
      continue;
    }
    const d = defaults[k];
    const n = next[k];
    if (n === undefined && d !== undefined) out[k] = null;
    else if (n !== undefined && n !== d) out[k] = n;
  }
  return out as SettingsOverrides;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
