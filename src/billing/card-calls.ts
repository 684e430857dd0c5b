/**
 * ModelsLabBilling's card-on-file half (CardsPort): saved cards, charging one, following a charge,
 * Setup Intents, billing details, a subscription's payment health. Cents in, cents out; answers a
 * person must hear (a decline, 3-D Secure) come back as values.
 */
import type {
  BillingDetails,
  BillingDetailsUpdate,
  CardCharge,
  CardsPort,
  FixPaymentResult,
  PaymentStatus,
  SavedCard,
  SetupIntentStart,
  SubscriptionPaymentState,
} from '../core/shared/cards-port.ts';
import { BillingHttpError, BillingSchemaError } from '../core/shared/errors.ts';
import { type Cents, centsToDollars, dollarsToCents } from '../core/shared/money.ts';
import type { ModelsLabClient } from './client.ts';
import type { BillingInfo, BillingInfoUpdate, PaymentMethod } from './schemas/billing.ts';

const FUND_ENDPOINT = 'POST /wallet/fund';

export class ModelsLabCards implements CardsPort {
  readonly #client: ModelsLabClient;

  constructor(client: ModelsLabClient) {
    this.#client = client;
  }

  async listCards(): Promise<readonly SavedCard[]> {
    return (await this.#client.billing.listPaymentMethods()).map(toCard);
  }

  async setDefaultCard(paymentMethodId: string, idempotencyKey: string): Promise<SavedCard> {
    return toCard(await this.#client.billing.setDefaultPaymentMethod(paymentMethodId, { idempotencyKey }));
  }

  async removeCard(paymentMethodId: string, idempotencyKey: string): Promise<void> {
    await this.#client.billing.deletePaymentMethod(paymentMethodId, { idempotencyKey });
  }

  async attachCard(paymentMethodId: string, makeDefault: boolean, idempotencyKey: string): Promise<SavedCard> {
    return toCard(
      await this.#client.billing.addPaymentMethod(
        { payment_method_id: paymentMethodId, make_default: makeDefault },
        { idempotencyKey },
      ),
    );
  }

  async fundWithCard(amountCents: Cents, paymentMethodId: string, idempotencyKey: string): Promise<CardCharge> {
    try {
      const body = await this.#client.wallet.fundWithCard(
        { amount: centsToDollars(amountCents), payment_method_id: paymentMethodId },
        { idempotencyKey },
      );
      const paymentId = body.paymentIntentId;
      if (body.status === 'requires_action')
        return {
          status: 'requires_action',
          ...(paymentId ? { paymentId } : {}),
          message: body.message ?? 'The bank asks the cardholder to confirm this payment (3-D Secure).',
        };
      // Without a payment id an unknown status cannot be followed: it is not a value we may guess
      // at (calling it declined could make the team pay twice), so it is a schema failure.
      if (!paymentId) throw new BillingSchemaError(FUND_ENDPOINT, [`status "${body.status}" without a payment id`]);
      if (body.status === 'succeeded' || body.status === 'paid')
        return {
          status: 'succeeded',
          paymentId,
          ...(body.balance !== undefined ? { balanceCents: dollarsToCents(body.balance) } : {}),
        };
      return { status: 'pending', paymentId };
    } catch (err) {
      if (err instanceof BillingHttpError && (err.status === 402 || err.apiCode === 'payment_declined')) {
        const code = err.details.decline_code;
        const pi = err.details.payment_intent_id;
        return {
          status: 'declined',
          ...(typeof pi === 'string' ? { paymentId: pi } : {}),
          ...(typeof code === 'string' ? { declineCode: code } : {}),
          message: err.apiMessage.trim() || 'Your card was declined.',
        };
      }
      throw err;
    }
  }

  async paymentStatus(paymentId: string): Promise<PaymentStatus> {
    const body = await this.#client.payments.status(paymentId);
    const status = body.status === 'succeeded' || body.status === 'failed' ? body.status : 'pending';
    return { status, ...(body.amount !== undefined ? { amountCents: dollarsToCents(body.amount) } : {}) };
  }

  async createSetupIntent(idempotencyKey: string): Promise<SetupIntentStart> {
    const body = await this.#client.billing.createSetupIntent({ idempotencyKey });
    return { setupIntentId: body.setup_intent_id, clientSecret: body.client_secret };
  }

  async stripePublishableKey(): Promise<string> {
    return (await this.#client.billing.stripeConfig()).publishable_key;
  }

  async getBillingDetails(): Promise<BillingDetails> {
    return toDetails(await this.#client.billing.getInfo());
  }

  async updateBillingDetails(update: BillingDetailsUpdate, idempotencyKey: string): Promise<BillingDetails> {
    return toDetails(await this.#client.billing.updateInfo(toInfoUpdate(update), { idempotencyKey }));
  }

  async subscriptionPaymentState(subscriptionId: number): Promise<SubscriptionPaymentState> {
    const body = await this.#client.subscriptions.status(subscriptionId);
    return {
      id: body.id,
      planId: body.plan_id ?? 0,
      status: body.status,
      ...(body.current_period_end ? { currentPeriodEnd: body.current_period_end } : {}),
    };
  }

  async fixSubscriptionPayment(subscriptionId: number, idempotencyKey: string): Promise<FixPaymentResult> {
    const body = await this.#client.subscriptions.fixPayment(subscriptionId, { idempotencyKey });
    const raw = body as Record<string, unknown>;
    const url = [raw.payment_url, raw.hosted_invoice_url, raw.url].find(
      (u): u is string => typeof u === 'string' && /^https?:\/\//.test(u),
    );
    return { status: body.status, ...(url ? { url } : {}) };
  }
}

function toCard(pm: PaymentMethod): SavedCard {
  return {
    id: pm.id,
    brand: pm.brand ?? 'card',
    last4: pm.last4 ?? '????',
    expMonth: pm.exp_month ?? 0,
    expYear: pm.exp_year ?? 0,
    isDefault: pm.is_default ?? false,
  };
}

function toDetails(info: BillingInfo): BillingDetails {
  const a = info.address;
  return {
    name: info.name ?? '',
    email: info.email ?? '',
    ...(info.tax_id ? { taxId: info.tax_id } : {}),
    ...(info.tax_id_type ? { taxIdType: info.tax_id_type } : {}),
    ...(a?.line1 || a?.city || a?.country
      ? {
          address: {
            line1: a.line1 ?? '',
            ...(a.line2 ? { line2: a.line2 } : {}),
            city: a.city ?? '',
            ...(a.state ? { state: a.state } : {}),
            postalCode: a.postal_code ?? '',
            country: a.country ?? '',
          },
        }
      : {}),
  };
}

function toInfoUpdate(u: BillingDetailsUpdate): BillingInfoUpdate {
  return {
    ...(u.name !== undefined ? { name: u.name } : {}),
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.taxId !== undefined ? { tax_id: u.taxId } : {}),
    ...(u.taxIdType !== undefined ? { tax_id_type: u.taxIdType } : {}),
    ...(u.address
      ? {
          address: {
            line1: u.address.line1,
            ...(u.address.line2 !== undefined ? { line2: u.address.line2 } : {}),
            city: u.address.city,
            ...(u.address.state !== undefined ? { state: u.address.state } : {}),
            postal_code: u.address.postalCode,
            country: u.address.country,
          },
        }
      : {}),
  };
}
