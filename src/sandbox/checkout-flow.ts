/**
 * Checkout sessions through the API: creating one (payment-link, fund/subscribe without a card)
 * and confirming one. The money rule lives in `confirm`: a paid session credits the wallet or
 * activates a subscription exactly once; every later confirm reports `already_confirmed`.
 */
import type { CheckoutSessionRecord, Purpose } from './model.ts';
import type { RouteContext } from './route.ts';
import type { SimState } from './state.ts';
import { ApiError, notFound, parseDollars, validationError } from './wire.ts';

const MIN_FUND_CENTS = 1000;
const MAX_FUND_CENTS = 1_000_000;

/** A fund amount in cents, or 422 with the contract's reasons (< 10, > 2 dp, > 10000). */
export function fundAmount(value: unknown, field = 'amount'): number {
  if (value === undefined || value === null) throw validationError(field, 'is required');
  const cents = parseDollars(value, field);
  if (cents < MIN_FUND_CENTS) throw validationError(field, 'must be at least 10');
  if (cents > MAX_FUND_CENTS) throw validationError(field, 'must be at most 10000');
  return cents;
}

export function planFrom(state: SimState, value: unknown, field = 'plan_id') {
  if (value === undefined || value === null || value === '') throw validationError(field, 'is required');
  const id = typeof value === 'string' ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw validationError(field, 'must be an integer');
  const plan = state.plan(id);
  if (!plan) throw notFound('plan', id);
  return plan;
}

export function openFundSession(ctx: RouteContext, amountCents: number): CheckoutSessionRecord {
  return ctx.state.createSession('fund', amountCents, null, ctx.sessionLifetimeMs);
}

export function openSubscribeSession(ctx: RouteContext, planId: number): CheckoutSessionRecord {
  const plan = ctx.state.plan(planId);
  if (!plan) throw notFound('plan', planId);
  return ctx.state.createSession('subscribe', plan.priceCents, planId, ctx.sessionLifetimeMs);
}

export interface Confirmed {
  readonly session: CheckoutSessionRecord;
  readonly alreadyConfirmed: boolean;
}

/** Check a session for confirm-checkout at the endpoint of `purpose`; apply its effect once. */
export function confirm(state: SimState, sessionIdValue: unknown, purpose: Purpose): Confirmed {
  if (typeof sessionIdValue !== 'string' || sessionIdValue === '') throw validationError('session_id', 'is required');
  const session = state.session(sessionIdValue);
  if (!session) throw notFound('session', sessionIdValue);
  if (session.purpose !== purpose) {
    throw new ApiError(409, 'wrong_purpose', `Session ${session.id} is a ${session.purpose} session.`, {
      purpose: session.purpose,
    });
  }
  if (session.status === 'expired') {
    throw new ApiError(410, 'checkout_expired', 'This checkout session has expired. Create a new payment link.', {
      session_status: 'expired',
    });
  }
  if (session.status !== 'complete' || session.paymentStatus !== 'paid') {
    throw new ApiError(409, 'checkout_not_completed', 'The payment has not been completed yet.', {
      session_status: session.status,
      payment_status: session.paymentStatus,
    });
  }
  if (session.credits > 0) return { session, alreadyConfirmed: true };
  session.credits = 1;
  if (purpose === 'fund') {
    state.credit(session.amountCents, 'stripe', session.paymentIntentId ?? session.id, 'wallet_funding');
  } else {
    session.subscriptionId = state.createSubscription(session.planId ?? 0).id;
  }
  return { session, alreadyConfirmed: false };
}
