/**
 * The engine's view of ModelsLab: cents in, cents out, outcomes as values. Wraps the typed client;
 * dollars never cross this line.
 */

import type { Purpose } from '../core/requests/request.ts';
import { BillingHttpError, BillingSchemaError } from '../core/shared/errors.ts';
import { type Cents, centsToDollars, dollarsToCents } from '../core/shared/money.ts';
import type {
  AutoFunding,
  Balance,
  BillingPort,
  ConfirmOutcome,
  CouponCheck,
  Invoice,
  PaymentLink,
  PaymentLinkInput,
  Plan,
  Subscription,
  TransactionPage,
} from '../core/shared/ports.ts';
import { ModelsLabCards } from './card-calls.ts';
import type { ModelsLabClient } from './client.ts';
import { confirmOutcome, paidFromSubscription, paidFromWallet } from './confirm-outcome.ts';
import type { AutoFundingBody } from './schemas/billing.ts';
import type { SubscriptionBody } from './schemas/subscriptions.ts';

const COUPON_REASONS: Record<string, string> = {
  coupon_invalid: 'invalid',
  coupon_expired: 'expired',
  coupon_used: 'used',
};

/** The card-on-file half (CardsPort) is inherited from ModelsLabCards (card-calls.ts). */
export class ModelsLabBilling extends ModelsLabCards implements BillingPort {
  readonly #client: ModelsLabClient;

  constructor(client: ModelsLabClient) {
    super(client);
    this.#client = client;
  }

  async createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    const body = await this.#client.billing.createPaymentLink(
      input.purpose === 'fund'
        ? { purpose: 'fund', amount: centsToDollars(input.amountCents) }
        : { purpose: 'subscribe', plan_id: input.planId },
      { idempotencyKey },
    );
    return { sessionId: body.session_id, paymentUrl: body.payment_url, expiresAt: Date.parse(body.expires_at) };
  }

  confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    return confirmOutcome(async () =>
      purpose === 'fund'
        ? paidFromWallet(await this.#client.wallet.confirmCheckout(sessionId, { idempotencyKey }))
        : paidFromSubscription(await this.#client.subscriptions.confirmCheckout(sessionId, { idempotencyKey })),
    );
  }

  async getBalance(): Promise<Balance> {
    const body = await this.#client.wallet.balance();
    return { balanceCents: dollarsToCents(body.balance), currency: body.currency };
  }

  async listPlans(): Promise<readonly Plan[]> {
    const body = await this.#client.subscriptions.plans();
    return body.subscription_plans.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      period: p.period,
      priceCents: dollarsToCents(p.price),
      features: p.features,
    }));
  }

  async listTransactions(query: {
    type?: 'credit' | 'debit';
    limit: number;
    offset: number;
  }): Promise<TransactionPage> {
    const body = await this.#client.wallet.transactions(query);
    return {
      items: body.items.map((t) => ({
        id: t.id,
        type: t.type,
        amountCents: dollarsToCents(t.amount),
        status: t.status,
        usecase: t.usecase ?? t.description ?? '',
        createdAt: t.created_at,
      })),
      total: body.total,
      offset: query.offset,
      limit: query.limit,
    };
  }

  async listInvoices(): Promise<readonly Invoice[]> {
    const body = await this.#client.billing.listInvoices();
    return body.items.map((i) => ({
      id: i.id,
      number: i.number ?? i.id,
      amountCents: dollarsToCents(i.amount),
      currency: i.currency,
      status: i.status,
      createdAt: i.created_at,
    }));
  }

  async invoicePdfUrl(invoiceId: string): Promise<string> {
    const body = await this.#client.billing.getInvoicePdf(invoiceId);
    // The schema guarantees one of the three.
    return (body.pdf_url || body.url || body.receipt_url) as string;
  }

  async validateCoupon(code: string): Promise<CouponCheck> {
    try {
      const body = await this.#client.wallet.validateCoupon({ coupon_code: code });
      if (!body.valid) {
        return { valid: false, code, reason: 'invalid', message: body.message ?? 'This coupon is not valid.' };
      }
      return {
        valid: true,
        code: body.coupon_code ?? code,
        kind: body.type ?? 'credit',
        ...(body.amount == null ? {} : { amountCents: dollarsToCents(body.amount) }),
        ...(body.bonus_percent == null ? {} : { bonusPercent: body.bonus_percent }),
        description: body.message ?? '',
      };
    } catch (e) {
      if (e instanceof BillingHttpError && e.status === 422 && e.apiCode in COUPON_REASONS) {
        return { valid: false, code, reason: COUPON_REASONS[e.apiCode] ?? 'invalid', message: e.apiMessage };
      }
      throw e;
    }
  }

  async redeemCoupon(code: string, idempotencyKey: string): Promise<{ creditedCents: Cents; balanceCents?: Cents }> {
    const body = await this.#client.wallet.redeemCoupon({ coupon_code: code }, { idempotencyKey });
    return {
      creditedCents: dollarsToCents(body.credited_amount),
      ...(body.balance === undefined ? {} : { balanceCents: dollarsToCents(body.balance) }),
    };
  }

  async listSubscriptions(): Promise<readonly Subscription[]> {
    return (await this.#client.subscriptions.list()).map(toSubscription);
  }

  async pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return toSubscription(await this.#client.subscriptions.pause(id, { idempotencyKey }));
  }

  async resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return toSubscription(await this.#client.subscriptions.resume(id, { idempotencyKey }));
  }

  async changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription> {
    return toSubscription(await this.#client.subscriptions.changePlan(id, planId, { idempotencyKey }));
  }

  async getAutoFunding(): Promise<AutoFunding> {
    const overview = await this.#client.billing.overview();
    if (!overview.auto_funding) throw new BillingSchemaError('GET /billing/overview', ['auto_funding: missing']);
    return toAutoFunding(overview.auto_funding);
  }

  async setAutoFunding(amountCents: Cents, thresholdCents: Cents, idempotencyKey: string): Promise<AutoFunding> {
    const body = await this.#client.wallet.setAutoFunding(
      { auto_charge_amount: centsToDollars(amountCents), charge_threshold: centsToDollars(thresholdCents) },
      { idempotencyKey },
    );
    return toAutoFunding(body);
  }

  async disableAutoFunding(idempotencyKey: string): Promise<AutoFunding> {
    return toAutoFunding(await this.#client.wallet.disableAutoFunding({ idempotencyKey }));
  }
}

function toSubscription(s: SubscriptionBody): Subscription {
  return {
    id: s.id,
    planId: s.plan_id,
    planName: s.plan_name ?? '',
    status: s.status,
    ...(s.current_period_start ? { currentPeriodStart: s.current_period_start } : {}),
    ...(s.current_period_end ? { currentPeriodEnd: s.current_period_end } : {}),
  };
}

function toAutoFunding(a: AutoFundingBody): AutoFunding {
  return {
    enabled: a.enabled,
    ...(a.auto_charge_amount == null ? {} : { amountCents: dollarsToCents(a.auto_charge_amount) }),
    ...(a.charge_threshold == null ? {} : { thresholdCents: dollarsToCents(a.charge_threshold) }),
  };
}
