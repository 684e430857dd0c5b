/**
 * The tenant's ModelsLab tokens as the directory keeps them: sealed (secret-box.ts, AAD
 * `modelslab-token:<tenant>`) in its record, opened only for the hub. An old key's seal is
 * rewrapped under the current key whenever it is opened (key rotation), so a token outlives the
 * removal of the key it was first sealed with.
 *
 * Connecting another token (another account, or the same account's rotated token) retires the
 * one it replaces, and a draining one (disconnect, then connect): each stays sealed in `retired`,
 * one per account, because the sessions it created are known only to its account and are
 * confirmed with it (session-billing.ts).
 */
import type { KeyValueStore, Logger } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import { type RotatingSecretBox, tokenAad } from './secret-box.ts';
import { type RetiredToken, type SealedToken, type TenantRecord, tenantRecordKey } from './tenant-record.ts';

/** A retired token as the hub gets it: opened. */
export interface RetiredCredentials {
  readonly token: string;
  readonly account: string;
  readonly retiredAt: number;
}

export interface TenantCredentials {
  readonly token: string;
  /** Undefined for single-team mode's one account. */
  readonly account: string | undefined;
  /** Disconnected: only the sessions already handed out are still watched. */
  readonly draining: boolean;
}

export interface SealedTokenDeps {
  readonly kv: KeyValueStore;
  readonly box: RotatingSecretBox;
  readonly logger: Logger;
  accountOf(token: string): string;
}

/**
 * The token a tenant's engine runs on: its connected one, else the one still draining. An old
 * key's seal is rewrapped under the current key on the way (key rotation, secret-box.ts).
 */
export async function openCredentials(
  o: SealedTokenDeps,
  tenant: TenantId,
  r: TenantRecord | undefined,
): Promise<TenantCredentials | undefined> {
  const held = r?.token ?? r?.draining;
  if (!r || !held) return undefined;
  const aad = tokenAad(tenant);
  const token = o.box.open(held.sealed, aad);
  if (o.box.isStale(held.sealed)) {
    // The fingerprint follows the key too (secret-box.ts): the hub compares it with the pool's.
    const rewrapped = { ...held, sealed: o.box.seal(token, aad), account: o.accountOf(token) };
    await o.kv.set<TenantRecord>(
      tenantRecordKey(tenant),
      r.token ? { ...r, token: rewrapped } : { ...r, draining: rewrapped },
    );
  }
  return {
    token,
    account: o.box.isStale(held.sealed) ? o.accountOf(token) : held.account,
    draining: r.token === undefined,
  };
}

/** The tenant's retired tokens, opened (hub only: the sessions they created are confirmed with them). */
export async function openRetired(
  o: SealedTokenDeps,
  tenant: TenantId,
  r: TenantRecord | undefined,
): Promise<RetiredCredentials[]> {
  const { box } = o;
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
      o.logger.error(
        { tenant, account: old.account, err: err instanceof Error ? err.message : 'error' },
        'retired ModelsLab token does not open: its sessions cannot be confirmed with it',
      );
    }
  }
  if (r && rewrapped) await o.kv.set<TenantRecord>(tenantRecordKey(tenant), { ...r, retired: kept });
  return out;
}

/**
 * What `retired` holds once `token` is the current one: every other token of the list, once
 * each (by fingerprint). The new token itself comes off the list: its sessions go to the
 * current account again. A token that no longer opens confirms nothing and is dropped.
 */
export function retireReplaced(
  box: RotatingSecretBox | undefined,
  logger: Logger,
  tenant: TenantId,
  token: string,
  held: ReadonlyArray<SealedToken | undefined>,
  now: number,
): RetiredToken[] {
  if (!box) return [];
  const aad = tokenAad(tenant);
  const byAccount = new Map<string, RetiredToken>();
  for (const t of held) {
    if (!t) continue;
    let plain: string;
    try {
      plain = box.open(t.sealed, aad);
    } catch {
      logger.warn({ tenant, account: t.account }, 'replaced ModelsLab token does not open: dropped');
      continue;
    }
    if (plain === token) continue;
    const retired: RetiredToken = 'retiredAt' in t ? (t as RetiredToken) : { ...t, retiredAt: now };
    // Newest first (current, draining, then older retirements): the first seen keeps its date.
    if (!byAccount.has(t.account)) byAccount.set(t.account, retired);
  }
  return [...byAccount.values()];
}
