/**
 * The interfaces core needs from the outside world. Core owns them; infrastructure
 * (src/billing, src/store, src/watcher, adapters/*) implements them and main.ts passes the
 * implementations in through constructors. Nothing in core constructs infrastructure.
 */

import type { AuditEntry, PaymentRequest, Purpose } from '../requests/request.ts';
import type { CardsPort } from './cards-port.ts';
import type { FormSpec } from './forms.ts';
import type { Cents } from './money.ts';
import type { Reply } from './reply.ts';
import type { ConversationRef, MessageRef, Platform, UserRef } from './types.ts';

// ---------------------------------------------------------------- time and logs

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Run `fn` after `ms` (simulated clocks run it when time is advanced past it). */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    // Overdue timers (ms < 0) run at once, as on ManualClock; Node would warn and use 1 ms.
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

type LogFn = (objOrMsg: object | string, msg?: string) => void;

/** The pino subset core uses; tests pass a pino writing to a capture stream. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** Counters and histograms core reports; src/ops implements them with prom-client. */
export interface Metrics {
  requestTransition(purpose: Purpose, to: string): void;
  billingCall(endpoint: string, outcome: 'ok' | 'error' | 'rate_limited'): void;
  ackLatency(platform: Platform, seconds: number): void;
  watcherDepth(depth: number): void;
}

export const noMetrics: Metrics = {
  requestTransition() {},
  billingCall() {},
  ackLatency() {},
  watcherDepth() {},
};

// ---------------------------------------------------------------- billing

export interface PaymentLink {
  readonly sessionId: string;
  readonly paymentUrl: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export type PaymentLinkInput =
  | { readonly purpose: 'fund'; readonly amountCents: Cents }
  | { readonly purpose: 'subscribe'; readonly planId: number };

/** What confirm-checkout said, as a value. Rate limits and outages are thrown (Billing*Error). */
export type ConfirmOutcome =
  | {
      readonly status: 'paid';
      /** ModelsLab had already credited this session (a repeat confirm): credit nothing twice. */
      readonly alreadyConfirmed: boolean;
      readonly balanceCents?: Cents;
      readonly amountCents?: Cents;
      readonly subscriptionStatus?: string;
    }
  /** Not paid yet (open session, async payment pending, or an error code we do not know). */
  | { readonly status: 'pending'; readonly reason: string }
  | { readonly status: 'expired' }
  | { readonly status: 'not_found' }
  /** The API refused for good (wrong purpose …): stop watching, mark failed. */
  | { readonly status: 'rejected'; readonly reason: string };

export interface Plan {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  readonly period: string;
  readonly priceCents: Cents;
  readonly features: readonly string[];
}

export interface Balance {
  readonly balanceCents: Cents;
  readonly currency: string;
}

export interface Transaction {
  readonly id: string;
  readonly type: 'credit' | 'debit';
  readonly amountCents: Cents;
  readonly status: string;
  readonly usecase: string;
  readonly createdAt: string;
}

export interface TransactionPage {
  readonly items: readonly Transaction[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

export interface Invoice {
  readonly id: string;
  readonly number: string;
  readonly amountCents: Cents;
  readonly currency: string;
  readonly status: string;
  readonly createdAt: string;
}

export type CouponCheck =
  | {
      readonly valid: true;
      readonly code: string;
      readonly kind: string;
      readonly amountCents?: Cents;
      readonly bonusPercent?: number;
      readonly description: string;
    }
  | {
      readonly valid: false;
      readonly code: string;
      readonly reason: 'invalid' | 'expired' | 'used' | string;
      readonly message: string;
    };

export interface Subscription {
  readonly id: number;
  readonly planId: number;
  readonly planName: string;
  readonly status: 'active' | 'paused' | 'past_due' | 'canceled' | 'trialing' | string;
  /** ISO time the current billing period started (ModelsLab gives no creation date). */
  readonly currentPeriodStart?: string;
  readonly currentPeriodEnd?: string;
}

export interface AutoFunding {
  readonly enabled: boolean;
  readonly amountCents?: Cents;
  readonly thresholdCents?: Cents;
}

/**
 * What the engine needs from ModelsLab, in cents. Mutations take the idempotency key the
 * engine derived from its own persisted state, so a retry after a crash replays, never repeats.
 * The card-on-file calls are CardsPort's (cards-port.ts).
 */
export interface BillingPort extends CardsPort {
  createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink>;
  confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome>;
  getBalance(): Promise<Balance>;
  listPlans(): Promise<readonly Plan[]>;
  listTransactions(query: { type?: 'credit' | 'debit'; limit: number; offset: number }): Promise<TransactionPage>;
  listInvoices(): Promise<readonly Invoice[]>;
  invoicePdfUrl(invoiceId: string): Promise<string>;
  validateCoupon(code: string): Promise<CouponCheck>;
  redeemCoupon(code: string, idempotencyKey: string): Promise<{ creditedCents: Cents; balanceCents?: Cents }>;
  listSubscriptions(): Promise<readonly Subscription[]>;
  pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription>;
  resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription>;
  changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription>;
  getAutoFunding(): Promise<AutoFunding>;
  setAutoFunding(amountCents: Cents, thresholdCents: Cents, idempotencyKey: string): Promise<AutoFunding>;
  disableAutoFunding(idempotencyKey: string): Promise<AutoFunding>;
}

// ---------------------------------------------------------------- storage

export interface RequestStore {
  get(id: string): Promise<PaymentRequest | undefined>;
  /**
   * Write the whole request; keeps the open index in step with `belongsInOpenIndex`: an open
   * state, or a closed request with a session that can still be paid.
   */
  put(request: PaymentRequest): Promise<void>;
  /** Every request in an open state, read from the store (never from an in-memory list), for restarts. */
  listOpen(): Promise<PaymentRequest[]>;
  /**
   * Optional: the open index in pages of at most `batchSize`, in no particular order, each page
   * read from the store when it is reached, so a restart with thousands of pending checkouts never
   * holds them all at once: open requests AND closed ones with a live session (the watcher's
   * restart scan). A request in the index for the whole scan comes at least once (Redis may,
   * rarely, repeat one); one that left before its page is read is left out. Callers fall back to
   * `listOpen`, which misses closed requests' sessions.
   */
  scanOpen?(batchSize: number): AsyncIterable<readonly PaymentRequest[]>;
  /** Requests created at or after `sinceMs`, newest first (status, audit export, App Home). */
  listSince(sinceMs: number): Promise<PaymentRequest[]>;
}

/** "Has this happened already?" with a time to live: duplicate deliveries, double clicks. */
export interface OnceStore {
  /** True the first time `key` is claimed within `ttlMs`; false afterwards. Atomic. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** Exclusive, expiring ownership (one watcher per checkout across processes; per-request locks). */
export interface LeaseStore {
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
  /**
   * How long until `key`'s current lease lapses (0 when nobody holds it). Lets a process that found
   * a lease busy come back the moment it lapses, instead of guessing: a dead process's checkouts
   * are taken over within one lease lifetime.
   */
  timeLeft?(key: string): Promise<number>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries at or after `sinceMs`, oldest first. */
  list(sinceMs: number): Promise<AuditEntry[]>;
}

/** Small durable values: alert state, settings. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface TakeOptions {
  readonly keep?: number;
}

export interface TakeResult {
  readonly granted: boolean;
  readonly waitMs: number;
  /** Refused because ModelsLab said the account's window is used up (blockUntil), not by the budget itself. */
  readonly blocked?: boolean;
}

/**
 * A shared budget of billing calls per minute (ModelsLab: about 15/min per account), kept by the
 * store so every process and every restart spends the same one (src/store/rate-budget.ts).
 */
export interface RateBudget {
  /**
   * Take one call now if the budget allows; else return how long to wait (ms) and take nothing.
   * `keep`: grant only if at least this many tokens remain after taking (spare-budget work leaves
   * them for people's calls). A bucket never holds more than its burst, so a `keep` at or above
   * the burst means "only from a full bucket" (keep = burst − 1), not "never".
   */
  tryTake(nowMs: number, options?: TakeOptions): Promise<TakeResult>;
  /** After a 429: nobody calls before `untilMs`. */
  blockUntil(untilMs: number): Promise<void>;
  /**
   * ModelsLab's `X-RateLimit-Limit` said the account allows `perWindow` billing calls a window:
   * the budget takes it (within its floor and cap) and keeps it in the store for every process.
   */
  learnLimit?(perWindow: number): Promise<void>;
  /** The limit in use, as last known to this process (the watcher sizes its early checks by it). */
  currentLimit?(): number;
}

// ---------------------------------------------------------------- platforms

/** Post and edit messages on one platform. Each call returns a reference the engine stores. */
export interface Messenger {
  readonly platform: Platform;
  /** Post in a channel, or in the thread of `thread` (receipts go in the card's thread). */
  post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef>;
  update(message: MessageRef, reply: Reply): Promise<void>;
  /** Direct message. Throws `DmClosedError` when the user cannot be messaged. */
  dm(user: UserRef, reply: Reply): Promise<MessageRef>;
}

export type MessengerRegistry = ReadonlyMap<Platform, Messenger>;

/**
 * Answers the person behind one inbound event (Slack: response_url / postEphemeral; Discord:
 * the interaction's deferred reply and follow-ups). Ephemeral when `reply.ephemeral`.
 */
export interface Responder {
  reply(reply: Reply): Promise<void>;
  /**
   * Optional: replace the message holding the clicked button (paging, "Confirm" steps) instead of
   * adding a new one. Slack: the response_url with `replace_original: true`; Discord: an
   * interaction update (type 7). Callers fall back to `reply` when an adapter does not offer it.
   */
  replaceOriginal?(reply: Reply): Promise<void>;
  /**
   * Optional: "Never mind" on a private message: remove the message holding the clicked button,
   * buttons and all (Slack: the response_url's `delete_original`; Discord: DELETE @original; the
   * playground: out of the conversation). A message others see is left alone. The `dismiss`
   * action calls it; without it the click changes nothing.
   */
  dismiss?(): Promise<void>;
  /**
   * Optional: called once when the engine is done with the event (inbound.ts), to close what the
   * adapter's ack opened: Discord removes a command's "thinking…" that got no private answer.
   */
  finish?(): Promise<void>;
  /**
   * Optional: show a form (core/shared/forms.ts) to the person behind this event, within the
   * event's trigger life (Slack: `views.open` with the trigger id, valid 3 s; Discord: the modal
   * must be the interaction's first response, so adapters leave events that `opensForm` (core)
   * un-deferred). Throws `FormUnavailableError` when the platform can no longer show it; callers
   * then answer with a reply saying how to try again.
   */
  openForm?(form: FormSpec): Promise<void>;
}

// ---------------------------------------------------------------- watcher

export interface CheckoutWatch {
  readonly requestId: string;
  readonly attempt: number;
  readonly purpose: Purpose;
  readonly sessionId: string;
  /** Epoch ms: after this (and one last check) the session cannot be paid. */
  readonly expiresAt: number;
  /**
   * The request is closed, or a newer link superseded this attempt: nobody is waiting for this
   * session, but it can still be paid, so it is checked at low priority (a slower schedule, and a
   * budget token only when people's checks are not waiting) until it can no longer be paid.
   */
  readonly background?: boolean;
}

/**
 * The engine's side of the watcher: it hears outcomes (paid, expired, not found, rejected).
 * `sessionEnded` is true when the watcher stops watching the session after this outcome (paid,
 * expired at ModelsLab, or past `expiresAt` plus the grace): the engine records the session's end.
 * An outcome without it (not found before expiry, or still open at ModelsLab just after the bot's
 * expiry) moves the request on, and the session stays watched in the background.
 */
export interface CheckoutOutcomeSink {
  onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome, sessionEnded?: boolean): Promise<void>;
}

/** What one prompt check ("I've paid") found. */
export type PromptCheck =
  /** ModelsLab answered; a final outcome was handed to the engine before this resolved. */
  | { readonly kind: 'answered'; readonly outcome: ConfirmOutcome }
  /** The shared billing budget had no token: the watcher checks when it has, in about `waitMs`. */
  | { readonly kind: 'budget'; readonly waitMs: number }
  /** ModelsLab did not answer (outage, rate limit): the watcher keeps checking. */
  | { readonly kind: 'unavailable' };

export interface CheckoutWatcher {
  /** Start (or keep) watching a session; the same session again only updates `background`. */
  watch(watch: CheckoutWatch): void;
  /** "I've paid": check this session soon (never later than it was already due). */
  nudge(sessionId: string): void;
  /**
   * The payer opened the tracked pay link: a short burst of checks (never later than already
   * due; "I've paid" keeps priority). Optional: a watcher without it ignores opens.
   */
  linkOpened?(sessionId: string): void;
  /** Stop watching a session (tests, shutdown paths); closing a request does not call it. */
  unwatch(sessionId: string): void;
  /** One check now, inside the shared budget, for a person waiting for the answer. */
  checkNow(watch: CheckoutWatch): Promise<PromptCheck>;
  /** How many checkouts are being watched (metrics). */
  size(): number;
}
