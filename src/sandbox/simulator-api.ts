/**
 * The simulator's API as tests and the playground's control page see it: its controls (faults,
 * balances, cards, past-due subscriptions) and read-only views of its state. index.ts builds them.
 */
import type { AddCardOptions, AddedCard, CardView, PaymentView } from './card-controls.ts';
import type { BillingInfoRecord, CardBehaviour, SubscriptionStatus } from './model.ts';
import type { CallRecord } from './server.ts';
export interface SessionView {
  id: string;
  purpose: 'fund' | 'subscribe';
  /** Dollars: the fund amount, or the plan's price for a subscribe session. */
  amount: number | null;
  planId: number | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'unpaid' | 'paid';
  expiresAt: string;
  credits: number;
}

/**
 * Where an account is named (`account?: string`, the part after `sandbox-`), leaving it out means
 * the original account. The faults here are global: they hit every account's calls; those of
 * `account(name)` hit one account's calls only.
 */
export interface SimulatorControls {
  /** As if the payer clicked Pay on the checkout page (any account's session). Throws for an unknown or expired session. */
  markPaid(sessionId: string): void;
  /** An open session (any account's) expires now. Throws for an unknown session; a paid one stays paid. */
  expire(sessionId: string): void;
  setLatency(ms: number): void;
  /** Share (0..1) of API calls answering `status` (default 500) with code server_error. */
  setFailureRate(share: number, status?: number): void;
  failNext(n: number, status?: number): void;
  /** The next n API calls never answer (until stop). */
  hangNext(n: number): void;
  /** The next n API calls answer 200 with a broken JSON body (after the call took effect). */
  malformedNext(n: number): void;
  /** Every API call answers 429 (Retry-After) for durationMs of clock time. */
  rateLimitStorm(durationMs: number): void;
  /** stripe-config and payment-link bodies without the envelope. */
  setUnwrapped(on: boolean): void;
  /** Money fields as strings like "75.50". */
  setMoneyAsStrings(on: boolean): void;
  /** The account's wallet; a named account not opened yet is opened (as its token's first use would). */
  setBalance(dollars: number, account?: string): void;
  /** Every seeded coupon usable again (as at the first start) in this account, or in every account; past redemptions stay in the ledger. */
  resetCoupons(account?: string): void;
  /** Back to seed data with only the original account, initial tokens, empty rate windows and idempotency caches, no faults. */
  reset(): void;
  /**
   * A new saved card charging as `behaviour` says: `succeeds` (visa 4242), `declines` (visa 9995:
   * 402 payment_declined, insufficient_funds), `requires_action` (visa 3184: 202, nothing
   * charged), `pending` (visa 0259: settles succeeded 30 s of simulator clock later). Not the
   * default unless `makeDefault` (or it is the account's only card).
   */
  addCard(behaviour: CardBehaviour, options?: AddCardOptions & { account?: string }): AddedCard;
  /** A pending payment (any account's) ends now; throws for an unknown one or one already settled otherwise. */
  settlePayment(paymentIntentId: string, outcome: 'succeeded' | 'failed'): void;
  /**
   * That subscription (or the account's first active one, made on the cheapest subscription plan
   * when there is none) is now past_due; returns its id. Throws for an unknown subscription id.
   */
  pastDue(subscriptionId?: number, account?: string): number;
  /** Every pending payment of this account (or of every account) settles succeeded now; how many did. */
  settlePendingPayments(account?: string): number;
  /**
   * The controls of one account (the original's name, or any `sandbox-<name>` account, opened
   * now if its token was never used). Throws for another name in `accounts: 'single'` mode.
   */
  account(name: string): AccountControls;
}

/** One account's controls: its faults come before the global ones, for its calls only. */
export interface AccountControls {
  readonly name: string;
  failNext(n: number, status?: number): void;
  hangNext(n: number): void;
  malformedNext(n: number): void;
  rateLimitStorm(durationMs: number): void;
  setBalance(dollars: number): void;
  resetCoupons(): void;
  /** As SimulatorControls.addCard, in this account. */
  addCard(behaviour: CardBehaviour, options?: AddCardOptions): AddedCard;
  /** As SimulatorControls.pastDue, in this account. */
  pastDue(subscriptionId?: number): number;
  /** This account back to its seed data and first token, no replays, no faults of its own. */
  reset(): void;
}

export interface AccountView {
  /** After `sandbox-` in its token: `token` for `sandbox-token`, `acme` for `sandbox-acme`. */
  name: string;
  original: boolean;
  /** Dollars. */
  balance: number;
  openSessions: number;
}

/** `account` as in SimulatorControls: left out, the original account. */
export interface SimulatorState {
  /** Dollars; 0 for an account never used. */
  balance(account?: string): number;
  /** Any account's session. */
  session(id: string): SessionView | undefined;
  /** The account's sessions; [] for an account never used. */
  sessions(account?: string): SessionView[];
  /** Times this session (any account's) credited the wallet / activated a subscription (never above 1). */
  creditsFor(sessionId: string): number;
  /** The account that made this session, or undefined. */
  sessionAccount(sessionId: string): string | undefined;
  /** Every account, the original first, then in the order they were opened. */
  accounts(): AccountView[];
  /** The account's saved cards with their behaviours; [] for an account never used. */
  cards(account?: string): CardView[];
  /** Every card payment the account made (charges, declines, 3-D Secure asks, pending ones). */
  payments(account?: string): PaymentView[];
  /** A subscription's status in the account (subscription ids repeat across accounts). */
  subscriptionStatus(id: number, account?: string): SubscriptionStatus | undefined;
  /** Who the account's invoices are made out to; undefined for an account never used. */
  billingInfo(account?: string): BillingInfoRecord | undefined;
  /** How many times a card charge credited the account's wallet. */
  cardCredits(account?: string): number;
  calls(): ReadonlyArray<CallRecord>;
  /** Where the state is kept; undefined in memory. */
  readonly stateFile: string | undefined;
}
