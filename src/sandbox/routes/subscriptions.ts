/** /subscriptions: the plan catalogue, subscriptions and their lifecycle, confirm-checkout, one-off charges. */
import { chargeCard } from '../card-charges.ts';
import { confirm, openSubscribeSession, planFrom } from '../checkout-flow.ts';
import type { SubscriptionRecord, SubscriptionStatus } from '../model.ts';
import { ok, optionalString, type Route, type RouteContext, requireInt } from '../route.ts';
import { checkoutStartView, planView, subscriptionView } from '../views.ts';
import { ApiError, iso, notFound, parseDollars, usd, validationError } from '../wire.ts';
import { declined } from './wallet.ts';

function subscriptionOr404(ctx: RouteContext): SubscriptionRecord {
  const id = requireInt(ctx.params.id, 'id');
  const sub = ctx.state.subscription(id);
  if (!sub) throw notFound('subscription', id);
  return sub;
}

/** A lifecycle step allowed only from some statuses; repeating a step that already holds is a no-op. */
function transition(from: readonly SubscriptionStatus[], to: SubscriptionStatus): Route['handle'] {
  return (ctx) => {
    const sub = subscriptionOr404(ctx);
    if (sub.status !== to) {
      if (!from.includes(sub.status)) {
        throw new ApiError(422, 'validation_error', `A ${sub.status} subscription cannot become ${to}.`, {
          status: `cannot change from ${sub.status} to ${to}`,
        });
      }
      sub.status = to;
    }
    return ok(subscriptionView(ctx.state, sub));
  };
}

/** Where the cardholder completes a failed subscription payment (pages.ts serves it). */
export const fixPagePath = (subscriptionId: number): string => `/checkout/fix/${subscriptionId}`;

/**
 * Retry a past_due subscription's payment on the default card, as its behaviour says: charged →
 * active; 3-D Secure → still past_due, with the page where the cardholder pays (`payment_url`);
 * declined → 402 payment_declined. An active one has nothing to fix and stays as it is.
 */
const fixPayment: Route['handle'] = (ctx) => {
  const sub = subscriptionOr404(ctx);
  if (sub.status === 'active') return ok(subscriptionView(ctx.state, sub));
  if (sub.status !== 'past_due') {
    throw new ApiError(422, 'validation_error', `A ${sub.status} subscription has no failed payment to fix.`, {
      status: `is ${sub.status}, not past_due`,
    });
  }
  const pm = ctx.state.defaultPaymentMethod();
  if (!pm) {
    throw new ApiError(422, 'validation_error', 'There is no card on file to pay with.', {
      payment_method: 'is required',
    });
  }
  const outcome = chargeCard(ctx.state, pm, ctx.state.plan(sub.planId)?.priceCents ?? 0, false);
  if (outcome.kind === 'declined') throw declined(outcome.payment.id);
  if (outcome.kind === 'requires_action') {
    return ok({
      ...subscriptionView(ctx.state, sub),
      payment_intent_id: outcome.payment.id,
      payment_url: ctx.pageUrl(fixPagePath(sub.id)),
      message: 'The bank asks the cardholder to confirm this payment (3-D Secure) on the payment page.',
    });
  }
  // Pending counts as paid here: Stripe marks the invoice paid while the charge processes.
  sub.status = 'active';
  return ok({ ...subscriptionView(ctx.state, sub), payment_intent_id: outcome.payment.id });
};

export const subscriptionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/subscriptions/plans',
    handle: ({ state }) =>
      ok({
        subscription_plans: state.plans.map(planView),
        pay_as_you_go: {
          available: true,
          description: 'Top up the wallet and pay per API call.',
          minimum_topup_usd: 10,
          currency: 'USD',
          auto_payments: { available: true, endpoint: 'PUT /wallet/auto-funding', minimum_charge_usd: 5 },
          fund_endpoint: 'POST /wallet/fund',
        },
        count: state.plans.length,
      }),
  },
  {
    method: 'GET',
    path: '/subscriptions',
    handle: ({ state }) => ok(state.subscriptions.map((s) => subscriptionView(state, s))),
  },
  {
    method: 'POST',
    path: '/subscriptions',
    handle(ctx) {
      const plan = planFrom(ctx.state, ctx.body.plan_id);
      const pmId = optionalString(ctx.body, 'payment_method_id');
      if (pmId === undefined) {
        const session = openSubscribeSession(ctx, plan.id);
        return ok(checkoutStartView(session, ctx.checkoutUrl(session.id)));
      }
      if (!ctx.state.paymentMethod(pmId)) throw notFound('payment_method', pmId);
      ctx.state.chargeCard(plan.priceCents);
      const sub = ctx.state.createSubscription(plan.id);
      return ok({
        message: 'Subscription created.',
        subscription: { id: sub.id, plan_id: sub.planId, feature: plan.category, status: sub.status },
        stripe_subscription_id: sub.stripeSubscriptionId,
        status: sub.status,
      });
    },
  },
  {
    method: 'POST',
    path: '/subscriptions/confirm-checkout',
    handle({ state, body }) {
      const { session, alreadyConfirmed } = confirm(state, body.session_id, 'subscribe');
      const sub = state.subscription(session.subscriptionId ?? -1);
      if (!sub) throw notFound('subscription', session.subscriptionId ?? '');
      return ok({
        session_id: session.id,
        status: sub.status,
        subscription: subscriptionView(state, sub),
        already_confirmed: alreadyConfirmed,
      });
    },
  },
  {
    method: 'POST',
    path: '/subscriptions/charge-amount',
    handle({ state, body }) {
      if (body.amount === undefined || body.amount === null) throw validationError('amount', 'is required');
      const cents = parseDollars(body.amount, 'amount');
      if (cents < 500 || cents > 1_000_000) throw validationError('amount', 'must be from 5 to 10000');
      const payment = state.chargeCard(cents);
      state.credit(cents, 'stripe', payment.id, 'wallet_funding');
      return ok({ amount: usd(cents), status: 'succeeded', payment_intent_id: payment.id });
    },
  },
  {
    method: 'GET',
    path: '/subscriptions/:id/status',
    handle(ctx) {
      const sub = subscriptionOr404(ctx);
      return ok({
        id: sub.id,
        plan_id: sub.planId,
        status: sub.status,
        stripe_subscription_id: sub.stripeSubscriptionId,
        current_period_start: iso(sub.periodStart),
        current_period_end: iso(sub.periodEnd),
      });
    },
  },
  {
    method: 'PUT',
    path: '/subscriptions/:id',
    handle(ctx) {
      const sub = subscriptionOr404(ctx);
      if (sub.status === 'canceled') throw validationError('status', 'a canceled subscription cannot change plan');
      sub.planId = planFrom(ctx.state, ctx.body.new_plan_id, 'new_plan_id').id;
      return ok(subscriptionView(ctx.state, sub));
    },
  },
  { method: 'POST', path: '/subscriptions/:id/pause', handle: transition(['active', 'trialing'], 'paused') },
  { method: 'POST', path: '/subscriptions/:id/resume', handle: transition(['paused'], 'active') },
  { method: 'POST', path: '/subscriptions/:id/fix-payment', handle: fixPayment },
  {
    method: 'POST',
    path: '/subscriptions/:id/reset-cycle',
    handle(ctx) {
      const sub = subscriptionOr404(ctx);
      if (sub.status === 'canceled') throw validationError('status', 'a canceled subscription has no billing cycle');
      ctx.state.restartPeriod(sub);
      return ok(subscriptionView(ctx.state, sub));
    },
  },
];
