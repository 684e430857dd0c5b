import { checkDollars, checkNonEmpty, checkPositiveInt, MAX_FUND_USD } from '../input-checks.ts';
import {
  type ChargeResult,
  type CreateSubscriptionResult,
  chargeResult,
  createSubscriptionResult,
  type PlanList,
  planList,
  type SubscriptionBody,
  type SubscriptionConfirm,
  type SubscriptionList,
  type SubscriptionStatus,
  subscription,
  subscriptionConfirm,
  subscriptionList,
  subscriptionStatus,
} from '../schemas/subscriptions.ts';
import type { BillingTransport } from '../transport.ts';
import { keyOf, type MutationOptions, NOT_PAID_YET } from './options.ts';

type SubscriptionAction = 'pause' | 'resume' | 'reset-cycle' | 'fix-payment';

/** `/subscriptions/*`: plans, the account's subscriptions and their lifecycle. */
export class SubscriptionsApi {
  readonly #t: BillingTransport;
  constructor(transport: BillingTransport) {
    this.#t = transport;
  }

  async plans(): Promise<PlanList> {
    return this.#t.call({ method: 'GET', route: '/subscriptions/plans', schema: planList });
  }

  async list(): Promise<SubscriptionList> {
    return this.#t.call({ method: 'GET', route: '/subscriptions', schema: subscriptionList });
  }

  /** With a saved payment method: created now. Without: a checkout session to pay. */
  async create(
    input: { readonly plan_id: number; readonly payment_method_id?: string },
    options?: MutationOptions,
  ): Promise<CreateSubscriptionResult> {
    checkPositiveInt('plan_id', input.plan_id);
    return this.#t.call({
      method: 'POST',
      route: '/subscriptions',
      json: input,
      schema: createSubscriptionResult,
      ...keyOf(options),
    });
  }

  /** Activates a subscription from a paid session, once; a repeat answers `already_confirmed: true`. */
  async confirmCheckout(sessionId: string, options?: MutationOptions): Promise<SubscriptionConfirm> {
    checkNonEmpty('session_id', sessionId);
    return this.#t.call({
      method: 'POST',
      route: '/subscriptions/confirm-checkout',
      json: { session_id: sessionId },
      schema: subscriptionConfirm,
      expectedErrors: NOT_PAID_YET,
      ...keyOf(options),
    });
  }

  async status(id: number): Promise<SubscriptionStatus> {
    checkPositiveInt('subscription_id', id);
    return this.#t.call({
      method: 'GET',
      route: '/subscriptions/{id}/status',
      params: { id },
      schema: subscriptionStatus,
    });
  }

  async changePlan(id: number, newPlanId: number, options?: MutationOptions): Promise<SubscriptionBody> {
    checkPositiveInt('subscription_id', id);
    checkPositiveInt('new_plan_id', newPlanId);
    return this.#t.call({
      method: 'PUT',
      route: '/subscriptions/{id}',
      params: { id },
      json: { new_plan_id: newPlanId },
      schema: subscription,
      ...keyOf(options),
    });
  }

  async pause(id: number, options?: MutationOptions): Promise<SubscriptionBody> {
    return this.#action(id, 'pause', options);
  }

  async resume(id: number, options?: MutationOptions): Promise<SubscriptionBody> {
    return this.#action(id, 'resume', options);
  }

  async resetCycle(id: number, options?: MutationOptions): Promise<SubscriptionBody> {
    return this.#action(id, 'reset-cycle', options);
  }

  async fixPayment(id: number, options?: MutationOptions): Promise<SubscriptionBody> {
    return this.#action(id, 'fix-payment', options);
  }

  /** A one-off charge of $5–$10,000 on the saved card. */
  async chargeAmount(input: { readonly amount: number }, options?: MutationOptions): Promise<ChargeResult> {
    checkDollars('amount', input.amount, 5, MAX_FUND_USD);
    return this.#t.call({
      method: 'POST',
      route: '/subscriptions/charge-amount',
      json: input,
      schema: chargeResult,
      ...keyOf(options),
    });
  }

  async #action(
    id: number,
    action: SubscriptionAction,
    options: MutationOptions | undefined,
  ): Promise<SubscriptionBody> {
    checkPositiveInt('subscription_id', id);
    return this.#t.call({
      method: 'POST',
      route: `/subscriptions/{id}/${action}`,
      params: { id },
      json: {},
      schema: subscription,
      ...keyOf(options),
    });
  }
}
