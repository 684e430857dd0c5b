/** /wallet and /payments: balance, ledger, funding, confirm-checkout, auto-funding, withdrawals, coupons. */
import { chargeCard } from '../card-charges.ts';
import { confirm, fundAmount, openFundSession } from '../checkout-flow.ts';
import { couponView, redeem, usableCoupon } from '../coupons.ts';
import { ok, optionalString, type Route, type RouteContext } from '../route.ts';
import { checkoutStartView, transactionView } from '../views.ts';
import { ApiError, FinalApiError, notFound, parseDollars, usd, validationError } from '../wire.ts';

export const DECLINED_MESSAGE = 'Your card was declined.';

/** 402 payment_declined, as ModelsLab relays a Stripe decline; replayed for the same key. */
export function declined(paymentIntentId: string): FinalApiError {
  return new FinalApiError(402, 'payment_declined', DECLINED_MESSAGE, {
    decline_code: 'insufficient_funds',
    payment_intent_id: paymentIntentId,
  });
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw validationError(name, `must be an integer from ${min} to ${max}`);
  return n;
}

function purchaseAmount(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const cents = parseDollars(value, 'purchase_amount');
  if (cents <= 0) throw validationError('purchase_amount', 'must be positive');
  return cents;
}

function validateCoupon(state: RouteContext['state'], source: Readonly<Record<string, unknown>>) {
  const coupon = usableCoupon(state, source.coupon_code);
  return ok(couponView(coupon, purchaseAmount(source.purchase_amount)));
}

function money(ctx: RouteContext, field: string, minCents: number): number {
  const v = ctx.body[field];
  if (v === undefined || v === null) throw validationError(field, 'is required');
  const cents = parseDollars(v, field);
  if (cents < minCents) throw validationError(field, `must be at least ${minCents / 100}`);
  return cents;
}

export const walletRoutes: Route[] = [
  {
    method: 'GET',
    path: '/wallet/balance',
    handle: ({ state }) => ok({ balance: usd(state.balanceCents), currency: 'USD' }),
  },
  {
    method: 'GET',
    path: '/wallet/transactions',
    handle({ state, query }) {
      const type = query.get('type') || undefined;
      if (type !== undefined && type !== 'credit' && type !== 'debit')
        throw validationError('type', 'must be credit or debit');
      const limit = intParam(query, 'limit', 50, 1, 200);
      const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const matching = state.ledger
        .filter((t) => !type || t.type === type)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      const items = matching.slice(offset, offset + limit).map(transactionView);
      const sum = (kind: 'credit' | 'debit') =>
        state.ledger.filter((t) => t.type === kind).reduce((n, t) => n + t.amountCents, 0);
      return ok({
        items,
        count: items.length,
        total: matching.length,
        wallet: {
          balance: usd(state.balanceCents),
          currency: 'USD',
          total_credited: usd(sum('credit')),
          amount_used: usd(sum('debit')),
        },
      });
    },
  },
  {
    method: 'POST',
    path: '/wallet/fund',
    handle(ctx) {
      const amount = fundAmount(ctx.body.amount);
      const pmId = optionalString(ctx.body, 'payment_method_id');
      if (pmId === undefined) {
        const session = openFundSession(ctx, amount);
        return ok(checkoutStartView(session, ctx.checkoutUrl(session.id)));
      }
      const pm = ctx.state.paymentMethod(pmId);
      if (!pm) throw notFound('payment_method', pmId);
      const outcome = chargeCard(ctx.state, pm, amount, true);
      const { payment } = outcome;
      if (outcome.kind === 'declined') throw declined(payment.id);
      if (outcome.kind === 'requires_action') {
        // 202: the bank wants the cardholder (3-D Secure); nothing was charged.
        return ok(
          {
            message: 'The bank asks the cardholder to confirm this payment (3-D Secure).',
            payment: {
              status: 'requires_action',
              payment_intent_id: payment.id,
              client_secret: outcome.clientSecret,
            },
          },
          202,
        );
      }
      return ok({
        balance: usd(ctx.state.balanceCents),
        amount: usd(amount),
        payment_intent_id: payment.id,
        status: outcome.kind,
      });
    },
  },
  {
    method: 'POST',
    path: '/wallet/confirm-checkout',
    handle({ state, body }) {
      const { session, alreadyConfirmed } = confirm(state, body.session_id, 'fund');
      return ok({
        session_id: session.id,
        status: 'paid',
        amount: usd(session.amountCents),
        balance: usd(state.balanceCents),
        currency: 'USD',
        transaction_id: session.paymentIntentId,
        already_confirmed: alreadyConfirmed,
      });
    },
  },
  {
    method: 'PUT',
    path: '/wallet/auto-funding',
    handle(ctx) {
      const amount = money(ctx, 'auto_charge_amount', 500);
      const threshold = money(ctx, 'charge_threshold', 100);
      ctx.state.autoFunding = { enabled: true, amountCents: amount, thresholdCents: threshold };
      return ok({
        enabled: true,
        auto_charge_amount: usd(amount),
        charge_threshold: usd(threshold),
        message: `Auto-funding on: $${(amount / 100).toFixed(2)} when the balance falls below $${(threshold / 100).toFixed(2)}.`,
      });
    },
  },
  {
    method: 'DELETE',
    path: '/wallet/auto-funding',
    handle({ state }) {
      state.autoFunding = { enabled: false, amountCents: null, thresholdCents: null };
      return ok({ enabled: false, auto_charge_amount: null, charge_threshold: null, message: 'Auto-funding off.' });
    },
  },
  {
    method: 'POST',
    path: '/wallet/withdraw',
    handle(ctx) {
      const amount = money(ctx, 'amount', 1);
      if (amount > ctx.state.balanceCents) {
        throw new ApiError(422, 'insufficient_balance', 'The amount is more than the wallet balance.', {
          amount: 'is more than the balance',
        });
      }
      ctx.state.debit(amount, 'stripe', `wd_${ctx.state.ledger.length + 1}`, 'withdrawal');
      return ok({ balance: usd(ctx.state.balanceCents), amount: usd(amount), status: 'succeeded' });
    },
  },
  {
    method: 'GET',
    path: '/wallet/coupons/validate',
    handle({ state, query }) {
      return validateCoupon(state, Object.fromEntries(query));
    },
  },
  {
    method: 'POST',
    path: '/wallet/coupons/validate',
    handle({ state, body }) {
      return validateCoupon(state, body);
    },
  },
  {
    method: 'POST',
    path: '/wallet/coupons/redeem',
    handle({ state, body }) {
      const coupon = usableCoupon(state, body.coupon_code);
      const pmId = optionalString(body, 'payment_method_id');
      if (pmId !== undefined && !state.paymentMethod(pmId)) throw notFound('payment_method', pmId);
      return ok(redeem(state, coupon, purchaseAmount(body.purchase_amount)));
    },
  },
  {
    method: 'GET',
    path: '/payments/:id/status',
    handle({ state, params }) {
      const id = params.id ?? '';
      const payment = state.payments.get(id);
      if (!payment) throw notFound('payment', id);
      return ok({
        status: payment.status,
        payment_intent_id: payment.id,
        amount: usd(payment.amountCents),
        currency: 'usd',
      });
    },
  },
];
