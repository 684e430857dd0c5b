/**
 * ModelsLab accounts as the runtime meets them: one billing client, one BillingPort and one rate
 * budget per account (the fingerprint of its token), shared by every tenant connected with the
 * same token. ModelsLab's limit is per account, so two workspaces on one account must spend one
 * budget, and two accounts must never slow each other down.
 *
 * Each client feeds ModelsLab's X-RateLimit-* headers into its own account's budget and reports
 * every HTTP attempt to /metrics. Tokens never leave this file except to the client (which redacts
 * them from everything it logs or throws).
 */
import { ModelsLabBilling, ModelsLabClient, type RetryPolicy } from '../billing/index.ts';
import { BillingHttpError } from '../core/shared/errors.ts';
import type { BillingPort, Clock, Logger, Metrics, RateBudget } from '../core/shared/ports.ts';
import type { TokenCheck } from '../core/shared/workspace-ports.ts';
import { honourRateLimitHeaders } from '../watcher/index.ts';
import { accountFingerprint, type SecretKey } from './secret-box.ts';

export interface Account {
  /** The token's fingerprint; undefined for single-team mode's one account (the budget's old key). */
  readonly account: string | undefined;
  readonly billing: BillingPort;
  readonly budget: RateBudget;
}

export interface AccountPoolOptions {
  /** ModelsLab's API (or the simulator's). */
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** SECRETS_KEY's keys: fingerprints are HMACs under them (a SHA-256 without). */
  readonly keys?: readonly SecretKey[];
  /** The store's budget for one account (app: `stores.budget(perMinute, { capPerWindow, account })`). */
  budgetFor(account: string | undefined): RateBudget;
  /** Tests shrink the client's retries. */
  readonly retry?: Partial<RetryPolicy>;
  /** Longest a token check waits for its account's budget before answering "unavailable" (default 5 s). */
  readonly checkWaitMs?: number;
}

interface Entry extends Account {
  users: number;
}

const DEFAULT_CHECK_WAIT_MS = 5_000;

export class AccountPool {
  readonly #o: AccountPoolOptions;
  readonly #accounts = new Map<string, Entry>();

  constructor(options: AccountPoolOptions) {
    this.#o = options;
  }

  /** The fingerprint the budget and the tenant record key this token by. */
  accountOf(token: string): string {
    return accountFingerprint(token, this.#o.keys);
  }

  /**
   * The token's fingerprint under every key of SECRETS_KEY, the current one first: a record
   * written before a key rotation (session-accounts.ts) still finds its account.
   */
  fingerprintsOf(token: string): string[] {
    const keys = this.#o.keys ?? [];
    return keys.length === 0 ? [accountFingerprint(token)] : keys.map((k) => accountFingerprint(token, [k]));
  }

  /**
   * The account of `token`, shared with every other user of the same token; `release` when done.
   * `legacy`: single-team mode, whose budget keeps the key it had before accounts existed.
   */
  acquire(token: string, options: { readonly legacy?: boolean } = {}): Account {
    const account = options.legacy ? undefined : this.accountOf(token);
    const key = account ?? '';
    let entry = this.#accounts.get(key);
    if (!entry) {
      const budget = this.#o.budgetFor(account);
      entry = { account, budget, billing: new ModelsLabBilling(this.#client(token, budget)), users: 0 };
      this.#accounts.set(key, entry);
    }
    entry.users += 1;
    return entry;
  }

  /** One user of `account` is done; the last one lets its client (and the token it holds) go. */
  release(account: Account): void {
    const key = account.account ?? '';
    const entry = this.#accounts.get(key);
    if (!entry) return;
    entry.users -= 1;
    if (entry.users <= 0) this.#accounts.delete(key);
  }

  /** Accounts with a client in this process (metrics, tests). */
  get size(): number {
    return this.#accounts.size;
  }

  /**
   * One read (GET balance) with `token`, inside its account's budget, on a throwaway client:
   * a token that does not work never becomes a shared client.
   */
  async checkToken(token: string): Promise<TokenCheck> {
    const account = this.accountOf(token);
    const budget = this.#accounts.get(account)?.budget ?? this.#o.budgetFor(account);
    const { clock } = this.#o;
    let take = await budget.tryTake(clock.now());
    if (!take.granted && take.waitMs <= (this.#o.checkWaitMs ?? DEFAULT_CHECK_WAIT_MS)) {
      await new Promise<void>((resolve) => clock.setTimer(resolve, take.waitMs));
      take = await budget.tryTake(clock.now());
    }
    if (!take.granted) return { ok: false, reason: 'unavailable' };
    try {
      const balance = await new ModelsLabBilling(this.#client(token, budget, { retry: { limit: 0 } })).getBalance();
      return { ok: true, balanceCents: balance.balanceCents };
    } catch (err) {
      if (err instanceof BillingHttpError && (err.status === 401 || err.status === 403))
        return { ok: false, reason: 'rejected' };
      // The class name only: the message is the client's (redacted), but nothing here needs it.
      this.#o.logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'ModelsLab token check got no answer');
      return { ok: false, reason: 'unavailable' };
    }
  }

  #client(token: string, budget: RateBudget, extra: { retry?: Partial<RetryPolicy> } = {}): ModelsLabClient {
    const { metrics } = this.#o;
    const honourHeaders = honourRateLimitHeaders(() => budget);
    const retry = extra.retry ?? this.#o.retry;
    return new ModelsLabClient({
      baseUrl: this.#o.baseUrl,
      token,
      // The transport binds `component: modelslab` itself.
      logger: this.#o.logger,
      clock: this.#o.clock,
      budget: () => budget,
      ...(retry ? { retry } : {}),
      onCall: (call) => {
        metrics?.billingCall(
          call.endpoint,
          call.status === 429 ? 'rate_limited' : typeof call.status === 'number' && call.status < 400 ? 'ok' : 'error',
        );
        // ModelsLab's X-RateLimit-* headers tell us about calls other clients of the account made.
        honourHeaders(call);
      },
    });
  }
}
