/**
 * Which ModelsLab account created each checkout session, in the tenant's scoped kv. Money follows
 * the Stripe session, not the request: a session created with one token is known only to that
 * token's account, so after a reconnect with another token (another account, or the same
 * account's rotated token) it must still be confirmed with the token that created it.
 *
 * Written inside createPaymentLink, before it returns (session-billing.ts): the engine persists
 * the link only after createPaymentLink returns and hands it out only after that, so no link
 * reaches a payer without its account on record. A crash between ModelsLab's answer and this
 * write leaves nothing handed out; the engine's retry reuses the idempotency key, ModelsLab
 * replays the same session, and the record is written then.
 *
 * Per account, the latest expiry of its sessions: the directory keeps a superseded token until
 * then (plus a grace), so the last session it created can still be confirmed.
 *
 * Keys hold fingerprints only (accountFingerprint), never a token.
 */
import type { Clock, KeyValueStore } from '../core/shared/ports.ts';

const HOUR = 60 * 60_000;
/** A record outlives its session by this much: the watcher's grace (15 min) and clock skew. */
export const SESSION_RECORD_GRACE_MS = 24 * HOUR;
/** The shortest a record is kept (Stripe sessions live up to 24 h). */
export const SESSION_RECORD_MIN_TTL_MS = 48 * HOUR;

const SESSION = (sessionId: string) => `session-account:${sessionId}`;
const LAST_EXPIRY = (account: string) => `account-last-expiry:${account}`;

export class SessionAccounts {
  readonly #kv: KeyValueStore;
  readonly #clock: Clock;

  constructor(kv: KeyValueStore, clock: Clock) {
    this.#kv = kv;
    this.#clock = clock;
  }

  /** `account` created `sessionId`, payable until `expiresAt` (epoch ms). */
  async record(sessionId: string, account: string, expiresAt: number): Promise<void> {
    const ttl = Math.max(SESSION_RECORD_MIN_TTL_MS, expiresAt - this.#clock.now() + SESSION_RECORD_GRACE_MS);
    await this.#kv.set<string>(SESSION(sessionId), account, ttl);
    // Read-then-write: two links created at the same moment on two processes may keep the
    // earlier of two expiries a few ms apart; the retirement grace covers far more than that.
    const last = await this.#kv.get<number>(LAST_EXPIRY(account));
    if (last === undefined || expiresAt > last) await this.#kv.set<number>(LAST_EXPIRY(account), expiresAt, ttl);
  }

  /** The fingerprint of the account that created `sessionId`; undefined for a session made before records existed. */
  accountOf(sessionId: string): Promise<string | undefined> {
    return this.#kv.get<string>(SESSION(sessionId));
  }

  /** The latest expiry of any session these fingerprints (one account, under each key) created. */
  async lastExpiry(accounts: readonly string[]): Promise<number | undefined> {
    let last: number | undefined;
    for (const a of new Set(accounts)) {
      const at = await this.#kv.get<number>(LAST_EXPIRY(a));
      if (at !== undefined && (last === undefined || at > last)) last = at;
    }
    return last;
  }
}

/** A retired token is kept this long past the last expiry of its sessions: the watcher's last checks (15 min grace) and clock skew. */
export const RETIRED_GRACE_MS = 60 * 60_000;
/**
 * ... and at least this long after it was retired, whatever its sessions say: a link another
 * process was creating with it at that moment is recorded (and extends the keep) within it.
 */
export const RETIRED_MIN_HOLD_MS = 60 * 60_000;

export interface RetiredKeep {
  readonly graceMs?: number;
  readonly minHoldMs?: number;
}

/**
 * When a retired token may be forgotten: once the last session it created can no longer be paid
 * (its latest expiry plus the grace), and not before the minimum hold since it was retired.
 * `fingerprints`: the token's under every key (a record may predate a key rotation).
 */
export async function retiredKeepUntil(
  sessions: SessionAccounts,
  retired: { readonly account: string; readonly retiredAt: number },
  fingerprints: readonly string[],
  keep: RetiredKeep = {},
): Promise<number> {
  const last = await sessions.lastExpiry([retired.account, ...fingerprints]);
  const minHold = retired.retiredAt + (keep.minHoldMs ?? RETIRED_MIN_HOLD_MS);
  return last === undefined ? minHold : Math.max(minHold, last + (keep.graceMs ?? RETIRED_GRACE_MS));
}
