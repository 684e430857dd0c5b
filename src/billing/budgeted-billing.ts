/**
 * The engine's billing port, in front of the shared budget. ModelsLab allows about 15 billing
 * mutations a minute for the whole account, counted together with the watcher's confirm-checkout
 * calls; so every mutation the engine makes (payment link, coupon redeem, subscription changes,
 * auto-funding) first takes a token from the same RateBudget the watcher spends (in Redis: the
 * one every process spends). When the budget says wait, it waits on the Clock's timers, up to
 * `maxWaitMs`; past that it throws BillingRateLimitedError, which the engine treats as "busy,
 * try again" (an Approve keeps its approval and the sweep creates the link later with the same
 * idempotency key).
 *
 * Reads go to ModelsLab's general limiter (120/min) and pass straight through. So does
 * confirmCheckout: the watcher budgets its own calls, and takes them from the raw port.
 */
import { BillingRateLimitedError } from '../core/errors.ts';
import type { Cents } from '../core/money.ts';
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
} from '../core/ports.ts';
import type { Purpose } from '../core/request.ts';

export interface BudgetedBillingOptions {
  /** Longest a mutation waits for a token before answering "busy" (default 10 s). */
  readonly maxWaitMs?: number;
}

export const DEFAULT_BUDGET_WAIT_MS = 10_000;

export class BudgetedBilling implements BillingPort {
  readonly #inner: BillingPort;
  readonly #budget: RateBudget;
  readonly #clock: Clock;
  readonly #maxWaitMs: number;

  constructor(inner: BillingPort, budget: RateBudget, clock: Clock, options: BudgetedBillingOptions = {}) {
    this.#inner = inner;
    this.#budget = budget;
    this.#clock = clock;
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_BUDGET_WAIT_MS);
  }

  // ------------------------------------------------------------ mutations: one token each

  async createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    await this.#take('POST /billing/payment-link');
    return this.#inner.createPaymentLink(input, idempotencyKey);
  }

  async redeemCoupon(code: string, idempotencyKey: string): Promise<{ creditedCents: Cents; balanceCents?: Cents }> {
    await this.#take('POST /wallet/coupons/redeem');
    return this.#inner.redeemCoupon(code, idempotencyKey);
  }

  async pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    await this.#take('POST /subscriptions/{id}/pause');
    return this.#inner.pauseSubscription(id, idempotencyKey);
  }

  async resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    await this.#take('POST /subscriptions/{id}/resume');
    return this.#inner.resumeSubscription(id, idempotencyKey);
  }

  async changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription> {
    await this.#take('PUT /subscriptions/{id}');
    return this.#inner.changeSubscriptionPlan(id, planId, idempotencyKey);
  }

  async setAutoFunding(amountCents: Cents, thresholdCents: Cents, idempotencyKey: string): Promise<AutoFunding> {
    await this.#take('PUT /wallet/auto-funding');
    return this.#inner.setAutoFunding(amountCents, thresholdCents, idempotencyKey);
  }

  async disableAutoFunding(idempotencyKey: string): Promise<AutoFunding> {
    await this.#take('DELETE /wallet/auto-funding');
    return this.#inner.disableAutoFunding(idempotencyKey);
  }

  // ------------------------------------------------------------ straight through

  confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    return this.#inner.confirmCheckout(purpose, sessionId, idempotencyKey);
  }

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

  /**
   * Take a token, waiting for the budget while the wait fits in `maxWaitMs`. A wait that would
   * end past the bound is not started: the caller hears "busy" at once, with how long to wait.
   */
  async #take(endpoint: string): Promise<void> {
    const deadline = this.#clock.now() + this.#maxWaitMs;
    for (;;) {
      const now = this.#clock.now();
      const { granted, waitMs } = await this.#budget.tryTake(now);
      if (granted) return;
      const wait = Math.max(1, waitMs);
      if (now + wait > deadline) throw new BillingRateLimitedError(endpoint, wait);
      await new Promise<void>((resolve) => this.#clock.setTimer(resolve, wait));
    }
  }
}
