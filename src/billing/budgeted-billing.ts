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
import type {
  BillingDetails,
  BillingDetailsUpdate,
  CardCharge,
  FixPaymentResult,
  PaymentStatus,
  SavedCard,
  SetupIntentStart,
  SubscriptionPaymentState,
} from '../core/shared/cards-port.ts';
import { BillingBudgetWaitError, BillingRateLimitedError } from '../core/shared/errors.ts';
import type { Cents } from '../core/shared/money.ts';
import type {
  AutoFunding,
  BillingPort,
  Clock,
  ConfirmOutcome,
  PaymentLink,
  PaymentLinkInput,
  RateBudget,
  Subscription,
} from '../core/shared/ports.ts';
import { ForwardingBilling } from './forwarding-billing.ts';

export interface BudgetedBillingOptions {
  /** Longest a mutation waits for a token before answering "busy" (default 10 s). */
  readonly maxWaitMs?: number;
  /** The budget's size, for people-facing texts. */
  readonly perMinute?: number;
  /**
   * Told whenever a mutation (a payment link for an approval, a coupon, …) found no token and
   * waits `waitMs` for one, or gave up (`gaveUp`: the caller hears "busy"; an approval's link is
   * retried by the sweep): the watcher then lets its regular checks wait behind people's calls
   * (src/bot.ts).
   */
  readonly onBudgetWait?: (wait: BudgetWait) => void;
  /** True while an "I've paid" check waits for a token: mutations then leave it one (keep 1). */
  readonly yieldTo?: () => boolean;
}

export interface BudgetWait {
  readonly endpoint: string;
  readonly nowMs: number;
  readonly waitMs: number;
  readonly gaveUp: boolean;
}

export const DEFAULT_BUDGET_WAIT_MS = 10_000;
/** Background checks (spare-budget) leave this many tokens for people's calls and the watcher. */
const SPARE_KEEP = 3;
/** A Cancel's check before it cancels waits at most this long for a token. */
const CONFIRM_WAIT_MS = 3_000;

export class BudgetedBilling extends ForwardingBilling {
  readonly #budget: RateBudget;
  readonly #clock: Clock;
  readonly #maxWaitMs: number;
  readonly #perMinute: number | undefined;
  readonly #onBudgetWait: ((wait: BudgetWait) => void) | undefined;
  readonly #yieldTo: (() => boolean) | undefined;

  constructor(inner: BillingPort, budget: RateBudget, clock: Clock, options: BudgetedBillingOptions = {}) {
    super(inner);
    this.#budget = budget;
    this.#clock = clock;
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_BUDGET_WAIT_MS);
    this.#perMinute = options.perMinute;
    this.#onBudgetWait = options.onBudgetWait;
    this.#yieldTo = options.yieldTo;
  }

  // ------------------------------------------------------------ mutations: one token each

  override async createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    return this.#spend('POST /billing/payment-link', () => this.inner.createPaymentLink(input, idempotencyKey));
  }

  override async redeemCoupon(
    code: string,
    idempotencyKey: string,
  ): Promise<{ creditedCents: Cents; balanceCents?: Cents }> {
    return this.#spend('POST /wallet/coupons/redeem', () => this.inner.redeemCoupon(code, idempotencyKey));
  }

  override async pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('POST /subscriptions/{id}/pause', () => this.inner.pauseSubscription(id, idempotencyKey));
  }

  override async resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('POST /subscriptions/{id}/resume', () => this.inner.resumeSubscription(id, idempotencyKey));
  }

  override async changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription> {
    return this.#spend('PUT /subscriptions/{id}', () => this.inner.changeSubscriptionPlan(id, planId, idempotencyKey));
  }

  override async setAutoFunding(
    amountCents: Cents,
    thresholdCents: Cents,
    idempotencyKey: string,
  ): Promise<AutoFunding> {
    return this.#spend('PUT /wallet/auto-funding', () =>
      this.inner.setAutoFunding(amountCents, thresholdCents, idempotencyKey),
    );
  }

  override async disableAutoFunding(idempotencyKey: string): Promise<AutoFunding> {
    return this.#spend('DELETE /wallet/auto-funding', () => this.inner.disableAutoFunding(idempotencyKey));
  }

  /**
   * The engine's own confirm (Cancel asks once first; the watcher's go through its scheduler). It
   * waits less: a Cancel that cannot ask in time goes ahead, and the watcher still sees a payment.
   */
  override async confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    const endpoint = purpose === 'fund' ? 'POST /wallet/confirm-checkout' : 'POST /subscriptions/confirm-checkout';
    return this.#spend(endpoint, () => this.inner.confirmCheckout(purpose, sessionId, idempotencyKey), CONFIRM_WAIT_MS);
  }

  // ------------------------------------------------------------ cards: mutations take one token each

  override async setDefaultCard(paymentMethodId: string, idempotencyKey: string): Promise<SavedCard> {
    return this.#spend('PUT /billing/payment-methods/{id}/default', () =>
      this.inner.setDefaultCard(paymentMethodId, idempotencyKey),
    );
  }

  override async removeCard(paymentMethodId: string, idempotencyKey: string): Promise<void> {
    return this.#spend('DELETE /billing/payment-methods/{id}', () =>
      this.inner.removeCard(paymentMethodId, idempotencyKey),
    );
  }

  override async attachCard(paymentMethodId: string, makeDefault: boolean, idempotencyKey: string): Promise<SavedCard> {
    return this.#spend('POST /billing/payment-methods', () =>
      this.inner.attachCard(paymentMethodId, makeDefault, idempotencyKey),
    );
  }

  override async fundWithCard(
    amountCents: Cents,
    paymentMethodId: string,
    idempotencyKey: string,
  ): Promise<CardCharge> {
    return this.#spend('POST /wallet/fund', () =>
      this.inner.fundWithCard(amountCents, paymentMethodId, idempotencyKey),
    );
  }

  override async createSetupIntent(idempotencyKey: string): Promise<SetupIntentStart> {
    return this.#spend('POST /billing/setup-intent', () => this.inner.createSetupIntent(idempotencyKey));
  }

  override async updateBillingDetails(update: BillingDetailsUpdate, idempotencyKey: string): Promise<BillingDetails> {
    return this.#spend('PUT /billing/info', () => this.inner.updateBillingDetails(update, idempotencyKey));
  }

  override async fixSubscriptionPayment(subscriptionId: number, idempotencyKey: string): Promise<FixPaymentResult> {
    return this.#spend('POST /subscriptions/{id}/fix-payment', () =>
      this.inner.fixSubscriptionPayment(subscriptionId, idempotencyKey),
    );
  }

  // Background checks nobody waits for (a pending card charge, a subscription's payment health):
  // only from spare tokens, never waiting. No spare token: BillingBudgetWaitError at once, nothing
  // sent, and the next sweep asks again.

  override async paymentStatus(paymentId: string): Promise<PaymentStatus> {
    return this.#spare('GET /payments/{id}/status', () => this.inner.paymentStatus(paymentId));
  }

  override async subscriptionPaymentState(subscriptionId: number): Promise<SubscriptionPaymentState> {
    return this.#spare('GET /subscriptions/{id}/status', () => this.inner.subscriptionPaymentState(subscriptionId));
  }

  async #spare<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    const { granted, waitMs } = await this.#budget.tryTake(this.#clock.now(), { keep: SPARE_KEEP });
    if (!granted) throw new BillingBudgetWaitError(endpoint, Math.max(1, waitMs), this.#sizeNow());
    return this.#closingOn429(call);
  }

  // Reads (balance, plans, transactions, invoices, coupon checks, …) go straight through: ForwardingBilling.

  /** One token, then the call; a 429 from ModelsLab closes the budget for everyone until it ends. */
  async #spend<T>(endpoint: string, call: () => Promise<T>, maxWaitMs = this.#maxWaitMs): Promise<T> {
    await this.#take(endpoint, Math.min(maxWaitMs, this.#maxWaitMs));
    return this.#closingOn429(call);
  }

  /** Make the call; a 429 from ModelsLab closes the budget for everyone until it ends. */
  async #closingOn429<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof BillingRateLimitedError && !(err instanceof BillingBudgetWaitError)) {
        await this.#budget.blockUntil(this.#clock.now() + err.retryAfterMs).catch(() => {});
      }
      throw err;
    }
  }

  /** The budget's size for the texts: learned from ModelsLab's headers when it was. */
  #sizeNow(): number | undefined {
    const learned = this.#budget.currentLimit?.();
    return learned !== undefined && Number.isFinite(learned) ? learned : this.#perMinute;
  }

  /**
   * Take a token, waiting for the budget while the wait fits in `maxWaitMs`. A wait that would
   * end past the bound is not started: the caller hears "busy" at once, with how long to wait.
   */
  async #take(endpoint: string, maxWaitMs: number): Promise<void> {
    const deadline = this.#clock.now() + maxWaitMs;
    for (;;) {
      const now = this.#clock.now();
      // "I've paid" keeps its priority over a payment link: the link leaves it the next token.
      const { granted, waitMs, blocked } = await this.#budget.tryTake(now, this.#yieldTo?.() ? { keep: 1 } : undefined);
      if (granted) return;
      const wait = Math.max(1, waitMs);
      const gaveUp = now + wait > deadline;
      this.#onBudgetWait?.({ endpoint, nowMs: now, waitMs: wait, gaveUp });
      if (gaveUp) {
        // A block is ModelsLab's word (a 429, or headers saying the account's window is spent by
        // someone); otherwise it is the bot's own pacing. Either way nothing was sent.
        throw blocked
          ? new BillingRateLimitedError(endpoint, wait)
          : new BillingBudgetWaitError(endpoint, wait, this.#sizeNow());
      }
      await new Promise<void>((resolve) => this.#clock.setTimer(resolve, wait));
    }
  }
}
