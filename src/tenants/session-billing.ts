/**
 * A tenant's billing port in workspaces mode: every checkout session is confirmed with the token
 * of the account that created it (money follows the Stripe session, not the request).
 *
 * - createPaymentLink goes to the tenant's current account and, before it returns, records which
 *   account created the session (session-accounts.ts): the engine persists and hands out the
 *   link only after this returns, so no payer holds a link whose account is unknown.
 * - confirmCheckout reads that record: the current account's sessions (and sessions made before
 *   records existed) go to the current token; another account's go to that account's token: a
 *   retired one (the directory keeps it until the last session it created can no longer be
 *   paid), or the one another process connected meanwhile; on that account's own client and
 *   budget (accounts.ts: shared with any tenant connected with it).
 * - A retired token ModelsLab refuses (401/403: rotated away) falls back to the current token,
 *   which is the same account's new one when the token was rotated.
 * - Everything else is the current account's.
 *
 * The watcher already took a token of the current account's budget for the check; a routed call
 * takes one of its own account's budget too (that account's limit is the one it spends), so the
 * current account is under-used by one call, never overrun. A routed call that finds its
 * account's budget spent or rate limited throws BillingUnavailableError (nothing more was sent):
 * a rate-limit error would make the watcher block the *current* account's budget, and one account
 * must never slow another; the watcher retries it on its outage schedule, past expiry too.
 *
 * Tokens stay inside the pool's clients; logs name fingerprints only.
 */
import { BudgetedBilling } from '../billing/budgeted-billing.ts';
import { ForwardingBilling } from '../billing/forwarding-billing.ts';
import type { Purpose } from '../core/requests/request.ts';
import { BillingHttpError, BillingRateLimitedError, BillingUnavailableError } from '../core/shared/errors.ts';
import type {
  BillingPort,
  Clock,
  ConfirmOutcome,
  Logger,
  PaymentLink,
  PaymentLinkInput,
} from '../core/shared/ports.ts';
import type { Account, AccountPool } from './accounts.ts';
import type { SessionAccounts } from './session-accounts.ts';

/** A token the tenant holds, opened by the directory for the hub. */
export interface HeldCredential {
  readonly token: string;
  /** Its fingerprint as the directory stored it. */
  readonly account: string;
}

export interface SessionBillingOptions {
  /** The tenant's current account (a fingerprint, workspaces mode). */
  readonly current: Account & { readonly account: string };
  /** The current token's fingerprints under every key (AccountPool.fingerprintsOf). */
  readonly currentFingerprints: readonly string[];
  readonly sessions: SessionAccounts;
  /**
   * Every token the tenant holds now, read when a session of another account is confirmed: its
   * retired ones, and its current one as the directory has it (another process may have
   * connected a new token this process's bot does not run on yet, and made sessions with it).
   */
  held(): Promise<readonly HeldCredential[]>;
  readonly accounts: Pick<AccountPool, 'acquire' | 'release' | 'fingerprintsOf'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Longest a routed confirm waits for its account's budget (default 3 s). */
  readonly routedWaitMs?: number;
}

interface Routed {
  readonly account: Account;
  readonly billing: BillingPort;
}

const DEFAULT_ROUTED_WAIT_MS = 3_000;

export class SessionBilling extends ForwardingBilling {
  readonly #o: SessionBillingOptions;
  readonly #current: ReadonlySet<string>;
  /** Retired accounts this port holds a client of, by the fingerprint sessions recorded. */
  readonly #routed = new Map<string, Routed>();
  #closed = false;

  constructor(options: SessionBillingOptions) {
    super(options.current.billing);
    this.#o = options;
    this.#current = new Set([options.current.account, ...options.currentFingerprints]);
  }

  override async createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    const link = await this.inner.createPaymentLink(input, idempotencyKey);
    // Before returning: the engine persists (and then hands out) the link only after this.
    await this.#o.sessions.record(link.sessionId, this.#o.current.account, link.expiresAt);
    return link;
  }

  override async confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    const endpoint = purpose === 'fund' ? 'POST /wallet/confirm-checkout' : 'POST /subscriptions/confirm-checkout';
    let recorded: string | undefined;
    try {
      recorded = await this.#o.sessions.accountOf(sessionId);
    } catch (err) {
      // Not knowing the account, asking the current one could report a paid session "not found".
      throw new BillingUnavailableError(endpoint, 'the account that created this session could not be read', {
        cause: err,
      });
    }
    if (recorded === undefined || this.#current.has(recorded))
      return this.inner.confirmCheckout(purpose, sessionId, idempotencyKey);
    const routed = await this.#routedFor(recorded);
    if (!routed) {
      // Its token is gone (forgotten after its last session's expiry, or sealed under a key
      // SECRETS_KEY no longer holds): the current account is the only one left to ask.
      this.#o.logger.warn(
        { account: recorded, current: this.#o.current.account },
        'session of an account no longer connected: confirming with the current account',
      );
      return this.inner.confirmCheckout(purpose, sessionId, idempotencyKey);
    }
    try {
      return await routed.billing.confirmCheckout(purpose, sessionId, idempotencyKey);
    } catch (err) {
      // A rotated token is refused once ModelsLab rotated it; if the current token is the same
      // account's new one, it knows the session (another account's answers "not found").
      if (err instanceof BillingHttpError && (err.status === 401 || err.status === 403)) {
        this.#o.logger.warn(
          { account: recorded, current: this.#o.current.account },
          'retired token refused: confirming with the current account',
        );
        return this.inner.confirmCheckout(purpose, sessionId, idempotencyKey);
      }
      if (err instanceof BillingRateLimitedError)
        throw new BillingUnavailableError(
          endpoint,
          `the account that created this session has no billing call free for ${err.retryAfterMs} ms`,
          { cause: err },
        );
      throw err;
    }
  }

  /** Let go of the retired accounts' clients (the hub, when the tenant's bot stops). */
  close(): void {
    this.#closed = true;
    for (const r of this.#routed.values()) this.#o.accounts.release(r.account);
    this.#routed.clear();
  }

  /** A retired account was forgotten: let go of its client (and the token it holds). */
  forget(fingerprints: readonly string[]): void {
    for (const f of fingerprints) {
      const r = this.#routed.get(f);
      if (!r) continue;
      this.#routed.delete(f);
      this.#o.accounts.release(r.account);
    }
  }

  /** Retired accounts this port holds a client of (tests). */
  get routedAccounts(): number {
    return this.#routed.size;
  }

  async #routedFor(recorded: string): Promise<Routed | undefined> {
    const cached = this.#routed.get(recorded);
    if (cached) return cached;
    const held = await this.#o.held();
    const match = held.find(
      (r) => r.account === recorded || this.#o.accounts.fingerprintsOf(r.token).includes(recorded),
    );
    if (!match || this.#closed) return undefined;
    const again = this.#routed.get(recorded);
    if (again) return again;
    const account = this.#o.accounts.acquire(match.token);
    const billing = new BudgetedBilling(account.billing, account.budget, this.#o.clock, {
      maxWaitMs: this.#o.routedWaitMs ?? DEFAULT_ROUTED_WAIT_MS,
    });
    const routed: Routed = { account, billing };
    this.#routed.set(recorded, routed);
    this.#o.logger.info({ account: recorded }, 'confirming sessions of another account with its own token');
    return routed;
  }

  // Everything else is the current account's: ForwardingBilling hands it to the current port.
}
