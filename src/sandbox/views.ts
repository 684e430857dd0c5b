/** Records to their wire shapes (docs/api-contract.md "Endpoints and data shapes"). */
import type {
  CheckoutSessionRecord,
  InvoiceRecord,
  LedgerEntry,
  PaymentMethodRecord,
  PlanRecord,
  SubscriptionRecord,
} from './model.ts';
import type { SimState } from './state.ts';
import { iso, usd, usdOrNull } from './wire.ts';

export function planView(p: PlanRecord) {
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    period: p.period,
    type: p.type,
    price: usd(p.priceCents),
    api_call_limit: p.apiCallLimit,
    rate_limit: p.rateLimit,
    features: [...p.features],
  };
}

export function subscriptionView(state: SimState, s: SubscriptionRecord) {
  const plan = state.plan(s.planId);
  return {
    id: s.id,
    plan_id: s.planId,
    plan_name: plan?.name ?? `Plan ${s.planId}`,
    feature: plan?.category ?? 'normal',
    status: s.status,
    stripe_subscription_id: s.stripeSubscriptionId,
    current_period_start: iso(s.periodStart),
    current_period_end: iso(s.periodEnd),
  };
}

export function paymentMethodView(p: PaymentMethodRecord) {
  return {
    id: p.id,
    brand: p.brand,
    last4: p.last4,
    exp_month: p.expMonth,
    exp_year: p.expYear,
    is_default: p.isDefault,
  };
}

/** `pageUrl` makes the hosted invoice and its PDF addresses on the simulator itself (pages.ts serves them). */
export function invoiceView(i: InvoiceRecord, pageUrl: (path: string) => string) {
  return {
    id: i.id,
    number: i.number,
    amount: usd(i.amountCents),
    currency: 'usd',
    status: i.status,
    created_at: iso(i.createdAt),
    hosted_invoice_url: pageUrl(`/invoices/${encodeURIComponent(i.id)}`),
  };
}

export function transactionView(t: LedgerEntry) {
  return {
    id: t.id,
    source: t.source,
    transaction_id: t.transactionId,
    type: t.type,
    amount: usd(t.amountCents),
    status: 'success',
    usecase: t.usecase,
    created_at: iso(t.createdAt),
  };
}

export function autoFundingView(state: SimState) {
  const a = state.autoFunding;
  return {
    enabled: a.enabled,
    auto_charge_amount: usdOrNull(a.amountCents),
    charge_threshold: usdOrNull(a.thresholdCents),
  };
}

/** What fund / subscribe without a saved card answer: a checkout session to pay in a browser. */
export function checkoutStartView(s: CheckoutSessionRecord, checkoutUrl: string) {
  return { checkout_url: checkoutUrl, session_id: s.id, expires_at: iso(s.expiresAt) };
}
