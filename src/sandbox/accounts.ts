/**
 * The simulated ModelsLab accounts, found by bearer token. The original account (the configured
 * tokens, `sandbox-token` by default, plus the tokens its demo login hands out) keeps everything
 * it had; in `many` mode every other token `sandbox-<name>` is an account of its own, opened on
 * first use with the seed data, so workspaces mode can connect `sandbox-acme`, `sandbox-globex`…
 * offline. Each account has its own wallet, ledger, sessions, coupons, subscriptions and
 * idempotency replays; the server keys the rate limit by account too (ModelsLab's limit is per
 * account, not per token).
 */
import type { Clock } from '../core/shared/ports.ts';
import { IdempotencyCache } from './idempotency.ts';
import type { CheckoutSessionRecord } from './model.ts';
import { SimState } from './state.ts';

export type AccountsMode = 'many' | 'single';

/** `sandbox-<name>`: letters, digits and `-`, 1 to 40 characters after the prefix. */
const ACCOUNT_TOKEN = /^sandbox-([A-Za-z0-9-]{1,40})$/;

/** The account a token `sandbox-<name>` names, or undefined for any other token. */
export function accountNameOf(token: string): string | undefined {
  return ACCOUNT_TOKEN.exec(token)?.[1];
}

/** The original account's name: after `sandbox-` in its first such token, else `default`. */
export function originalNameFor(tokens: readonly string[]): string {
  for (const t of tokens) {
    const name = accountNameOf(t);
    if (name !== undefined) return name;
  }
  return 'default';
}

export class SimAccount {
  readonly name: string;
  readonly state: SimState;
  readonly idempotency = new IdempotencyCache();

  constructor(name: string, state: SimState) {
    this.name = name;
    this.state = state;
  }

  /** Back to the seed data and this account's first tokens, no replays. */
  reset(): void {
    this.state.reset();
    this.idempotency.reset();
  }

  openSessions(): CheckoutSessionRecord[] {
    return [...this.state.sessions.keys()]
      .map((id) => this.state.session(id))
      .filter((s): s is CheckoutSessionRecord => s?.status === 'open');
  }
}

export interface Resolved {
  readonly account: SimAccount;
  /** Opened by this call (first use of its token): the caller saves the state. */
  readonly created: boolean;
}

export class Accounts {
  readonly mode: AccountsMode;
  readonly #clock: Clock;
  readonly #originalTokens: readonly string[];
  #originalName: string;
  /** Insertion order: the original first, then in the order they were opened. */
  readonly #byName = new Map<string, SimAccount>();

  constructor(clock: Clock, originalTokens: readonly string[], mode: AccountsMode) {
    this.#clock = clock;
    this.#originalTokens = originalTokens;
    this.mode = mode;
    this.#originalName = originalNameFor(originalTokens);
    this.reset();
  }

  get original(): SimAccount {
    const a = this.#byName.get(this.#originalName);
    if (!a) throw new Error('the original sandbox account is missing');
    return a;
  }

  list(): SimAccount[] {
    return [...this.#byName.values()];
  }

  get(name: string): SimAccount | undefined {
    return this.#byName.get(name);
  }

  /**
   * The account a bearer token belongs to. A token that no account holds but that names an
   * account (`sandbox-<name>`) opens that account, unless the name is taken: an account whose
   * token was rotated by /auth/refresh refuses the old one, as ModelsLab does.
   */
  resolve(token: string): Resolved | undefined {
    for (const account of this.#byName.values()) {
      if (account.state.tokens.has(token)) return { account, created: false };
    }
    if (this.mode === 'single') return undefined;
    const name = accountNameOf(token);
    if (name === undefined || this.#byName.has(name)) return undefined;
    return { account: this.#open(name, [token]), created: true };
  }

  /**
   * The named account, opened (as its token's first use would) when it does not exist yet; for
   * test controls that prepare an account before the bot connects it. Throws in single mode.
   */
  named(name: string): SimAccount {
    const found = this.#byName.get(name);
    if (found) return found;
    if (this.mode === 'single' || accountNameOf(`sandbox-${name}`) === undefined) {
      throw new Error(`no sandbox account ${name}`);
    }
    return this.#open(name, [`sandbox-${name}`]);
  }

  /** The account holding this checkout session (session ids are unique across accounts). */
  ownerOfSession(sessionId: string): SimAccount | undefined {
    for (const account of this.#byName.values()) if (account.state.sessions.has(sessionId)) return account;
    return undefined;
  }

  /** The account that holds this payment (payment intent ids are unique across accounts). */
  ownerOfPayment(paymentIntentId: string): SimAccount | undefined {
    for (const account of this.#byName.values()) if (account.state.payments.has(paymentIntentId)) return account;
    return undefined;
  }

  /** The account that made this Setup Intent (the Stripe.js stand-in is called without a token). */
  ownerOfSetupIntent(setupIntentId: string): SimAccount | undefined {
    for (const account of this.#byName.values()) if (account.state.setupIntents.has(setupIntentId)) return account;
    return undefined;
  }

  /** Only the original account, at its seed data: every other account is forgotten. */
  reset(): void {
    this.#byName.clear();
    this.#originalName = originalNameFor(this.#originalTokens);
    this.#open(this.#originalName, this.#originalTokens);
  }

  /** Replace every account with these (from the state file); `original` names the original. */
  replace(original: string, accounts: ReadonlyArray<{ readonly name: string }>): SimAccount[] {
    this.#byName.clear();
    this.#originalName = original;
    const opened = accounts.map((a) =>
      this.#open(a.name, a.name === original ? this.#originalTokens : [`sandbox-${a.name}`]),
    );
    if (!this.#byName.has(original)) this.#open(original, this.#originalTokens);
    return opened;
  }

  get originalName(): string {
    return this.#originalName;
  }

  #open(name: string, tokens: readonly string[]): SimAccount {
    const account = new SimAccount(name, new SimState(this.#clock, tokens));
    this.#byName.set(name, account);
    return account;
  }
}
