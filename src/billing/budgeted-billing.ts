/**
 * The engine's billing port, in front of the shared budget. ModelsLab allows about 15 billing
 * calls a minute for the whole account (billing-limiter.ts says which calls count), and the bot
 * spends them from one RateBudget kept in the store, so every process and every restart spends
 * one budget: the watcher takes the token for each of its confirm checks (its scheduler decides
 * their priority, on the raw port, leaving a reserve for people: src/bot.ts), every billing call
 * the engine makes (payment link, coupon redeem, subscription changes, auto-funding, the
 * confirm-checkout a Cancel asks first) takes the token for its first attempt here, and each retry
 * takes its own in the transport. Calls by other clients of the account reach the budget through
 * ModelsLab's rate-limit headers (src/watcher/rate-limit-headers.ts).
 *
 * When the budget says wait, it waits on the Clock's timers, up to `maxWaitMs`; past that it
 * throws BillingBudgetWaitError (nothing sent), which the engine treats as "busy, try again" and
 * tells people as the bot pacing itself, with the wait (an Approve keeps its approval and the
 * sweep creates the link later with the same idempotency key).
 *
 * Reads go to ModelsLab's general limiter (120/min) and pass straight through, unbudgeted.
 */

import type { Purpose } from '../core/requests/request.ts';
import { BillingBudgetWaitError, BillingRateLimitedError } from '../core/shared/errors.ts';
import type { Cents } from '../core/shared/money.ts';
import type {
  AutoFunding,
  Balance,
  BillingPort,
  Clock,
  ConfirmOutcome,
  CouponCheck,
  Invoice,
  PaymentLink,
  PaymentLinkInput,
  Plan,
  RateBudget,
  Subscription,
  TransactionPage,
} from '../core/shared/ports.ts';

export interface BudgetedBillingOptions {
  /** Longest a mutation waits for a token before answering "busy" (default 10 s). */
  readonly maxWaitMs?: number;
  /** The budget's size, for people-facing texts. */
  readonly perMinute?: number;
}

export const DEFAULT_BUDGET_WAIT_MS = 10_000;
/** A Cancel's check before it cancels waits at most this long for a token. */
const CONFIRM_WAIT_MS = 3_000;

export class BudgetedBilling implements BillingPort {
  readonly #inner: BillingPort;
  readonly #budget: RateBudget;
  readonly #clock: Clock;
  readonly #maxWaitMs: number;
  readonly #perMinute: number | undefined;

  constructor(inner: BillingPort, budget: RateBudget, clock: Clock, options: BudgetedBillingOptions = {}) {
    this.#inner = inner;
    this.#budget = budget;
    this.#clock = clock;
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_BUDGET_WAIT_MS);
    this.#perMinute = options.perMinute;
  }

  // ------------------------------------------------------------ mutations: one token each

  async createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    return this.#spend('POST /billing/payment-link', () => this.#inner.createPaymentLink(input, idempotencyKey));
  }

  async redeemCoupon(code: string, idempotencyKey: string): Promise<{ creditedCents: Cents; balanceCents?: Cents }> {
    return this.#spend('POST /wallet/coupons/redeem', () => this.#inner.redeemCoupon(code, idempotencyKey));
  }

  async pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('POST /subscriptions/{id}/pause', () => this.#inner.pauseSubscription(id, idempotencyKey));
  }

  async resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('POST /subscriptions/{id}/resume', () => this.#inner.resumeSubscription(id, idempotencyKey));
  }

  async changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('PUT /subscriptions/{id}', () => this.#inner.changeSubscriptionPlan(id, planId, idempotencyKey));
  }

  async setAutoFunding(amountCents: Cents, thresholdCents: Cents, idempotencyKey: string): Promise<AutoFunding> {
    return this.#spend('PUT /wallet/auto-funding', () =>
      this.#inner.setAutoFunding(amountCents, thresholdCents, idempotencyKey),
    );
  }

  async disableAutoFunding(idempotencyKey: string): Promise<AutoFunding> {
    return this.#spend('DELETE /wallet/auto-funding', () => this.#inner.disableAutoFunding(idempotencyKey));
  }

  /**
   * The engine's own confirm (Cancel asks once first; the watcher's go through its scheduler). It
   * waits less: a Cancel that cannot ask in time goes ahead, and the watcher still sees a payment.
   */
  async confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    const endpoint = purpose === 'fund' ? 'POST /wallet/confirm-checkout' : 'POST /subscriptions/confirm-checkout';
    return this.#spend(
      endpoint,
      () => this.#inner.confirmCheckout(purpose, sessionId, idempotencyKey),
      CONFIRM_WAIT_MS,
    );
  }

  // ------------------------------------------------------------ straight through

  getBalance(): Promise<Balance> {
    return this.#inner.getBalance();
  }

  listPlans(): Promise<readonly Plan[]> {
    return this.#inner.listPlans();
  }

  listTransactions(query: { type?: 'credit' | 'debit'; limit: number; offset: number }): Promise<TransactionPage> {
    return this.#inner.listTransactions(query);
  }

  listInvoices(): Promise<readonly Invoice[]> {
    return this.#inner.listInvoices();
  }

  invoicePdfUrl(invoiceId: string): Promise<string> {
    return this.#inner.invoicePdfUrl(invoiceId);
  }

  validateCoupon(code: string): Promise<CouponCheck> {
    return this.#inner.validateCoupon(code);
  }

  listSubscriptions(): Promise<readonly Subscription[]> {
    return this.#inner.listSubscriptions();
  }

  getAutoFunding(): Promise<AutoFunding> {
    return this.#inner.getAutoFunding();
  }

  /** One token, then the call; a 429 from ModelsLab closes the budget for everyone until it ends. */
  async #spend<T>(endpoint: string, call: () => Promise<T>, maxWaitMs = this.#maxWaitMs): Promise<T> {
    await this.#take(endpoint, Math.min(maxWaitMs, this.#maxWaitMs));
    try {
      return await call();
    } catch (err) {
      if (err instanceof BillingRateLimitedError && !(err instanceof BillingBudgetWaitError)) {
        await this.#budget.blockUntil(this.#clock.now() + err.retryAfterMs).catch(() => {});
      }
      throw err;
    }
  }

  /**
   * Take a token, waiting for the budget while the wait fits in `maxWaitMs`. A wait that would
   * end past the bound is not started: the caller hears "busy" at once, with how long to wait.
   */
  async #take(endpoint: string, maxWaitMs: number): Promise<void> {
    const deadline = this.#clock.now() + maxWaitMs;
    for (;;) {
      const now = this.#clock.now();
      const { granted, waitMs, blocked } = await this.#budget.tryTake(now);
      if (granted) return;
      const wait = Math.max(1, waitMs);
      if (now + wait > deadline) {
        // A block is ModelsLab's word (a 429, or headers saying the account's window is spent by
        // someone); otherwise it is the bot's own pacing. Either way nothing was sent.
        throw blocked
          ? new BillingRateLimitedError(endpoint, wait)
          : new BillingBudgetWaitError(endpoint, wait, this.#perMinute);
      }
      await new Promise<void>((resolve) => this.#clock.setTimer(resolve, wait));
    }
  }
}
