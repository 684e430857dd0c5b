import { checkFundAmount, checkNonEmpty, checkPositiveInt } from '../input-checks.ts';
import {
  type BillingInfo,
  type BillingInfoUpdate,
  billingInfo,
  type DeletedPaymentMethod,
  deletedPaymentMethod,
  type InvoiceDetail,
  type InvoiceList,
  type InvoicePdf,
  invoiceDetail,
  invoiceList,
  invoicePdf,
  type Overview,
  overview,
  type PaymentLinkBody,
  type PaymentMethod,
  paymentLink,
  paymentMethod,
  paymentMethodList,
  type SetupIntent,
  type StripeConfig,
  setupIntent,
  stripeConfig,
} from '../schemas/billing.ts';
import type { BillingTransport } from '../transport.ts';
import { keyOf, type MutationOptions } from './options.ts';

export type PaymentLinkRequest =
  | { readonly purpose: 'fund'; readonly amount: number }
  | { readonly purpose: 'subscribe'; readonly plan_id: number };

/** `/billing/*`: overview, Stripe setup, payment links, payment methods, billing info, invoices. */
export class BillingApi {
  readonly #t: BillingTransport;
  constructor(transport: BillingTransport) {
    this.#t = transport;
  }

  async overview(): Promise<Overview> {
    return this.#t.call({ method: 'GET', route: '/billing/overview', schema: overview });
  }

  async stripeConfig(): Promise<StripeConfig> {
    return this.#t.call({ method: 'GET', route: '/billing/stripe-config', schema: stripeConfig });
  }

  async createSetupIntent(options?: MutationOptions): Promise<SetupIntent> {
    return this.#t.call({
      method: 'POST',
      route: '/billing/setup-intent',
      json: {},
      schema: setupIntent,
      ...keyOf(options),
    });
  }

  /** A Stripe Checkout link for a human to pay: fund $10–$10,000 (cents precision) or subscribe to a plan. */
  async createPaymentLink(input: PaymentLinkRequest, options?: MutationOptions): Promise<PaymentLinkBody> {
    if (input.purpose === 'fund') checkFundAmount('amount', input.amount);
    else checkPositiveInt('plan_id', input.plan_id);
    // Only the documented fields: a stray property from the caller never reaches the API.
    const json =
      input.purpose === 'fund'
        ? { purpose: 'fund', amount: input.amount }
        : { purpose: 'subscribe', plan_id: input.plan_id };
    return this.#t.call({
      method: 'POST',
      route: '/billing/payment-link',
      json,
      schema: paymentLink,
      ...keyOf(options),
    });
  }

  async listPaymentMethods(): Promise<PaymentMethod[]> {
    return this.#t.call({ method: 'GET', route: '/billing/payment-methods', schema: paymentMethodList });
  }

  async addPaymentMethod(
    input: { readonly payment_method_id: string; readonly make_default?: boolean },
    options?: MutationOptions,
  ): Promise<PaymentMethod> {
    checkNonEmpty('payment_method_id', input.payment_method_id);
    return this.#t.call({
      method: 'POST',
      route: '/billing/payment-methods',
      json: input,
      schema: paymentMethod,
      ...keyOf(options),
    });
  }

  async setDefaultPaymentMethod(id: string, options?: MutationOptions): Promise<PaymentMethod> {
    checkNonEmpty('payment_method_id', id);
    return this.#t.call({
      method: 'PUT',
      route: '/billing/payment-methods/{id}/default',
      params: { id },
      schema: paymentMethod,
      ...keyOf(options),
    });
  }

  async deletePaymentMethod(id: string, options?: MutationOptions): Promise<DeletedPaymentMethod> {
    checkNonEmpty('payment_method_id', id);
    return this.#t.call({
      method: 'DELETE',
      route: '/billing/payment-methods/{id}',
      params: { id },
      schema: deletedPaymentMethod,
      ...keyOf(options),
    });
  }

  async getInfo(): Promise<BillingInfo> {
    return this.#t.call({ method: 'GET', route: '/billing/info', schema: billingInfo });
  }

  async updateInfo(input: BillingInfoUpdate, options?: MutationOptions): Promise<BillingInfo> {
    return this.#t.call({ method: 'PUT', route: '/billing/info', json: input, schema: billingInfo, ...keyOf(options) });
  }

  async listInvoices(): Promise<InvoiceList> {
    return this.#t.call({ method: 'GET', route: '/billing/invoices', schema: invoiceList });
  }

  async getInvoice(id: string): Promise<InvoiceDetail> {
    checkNonEmpty('invoice_id', id);
    return this.#t.call({ method: 'GET', route: '/billing/invoices/{id}', params: { id }, schema: invoiceDetail });
  }

  async getInvoicePdf(id: string): Promise<InvoicePdf> {
    checkNonEmpty('invoice_id', id);
    return this.#t.call({ method: 'GET', route: '/billing/invoices/{id}/pdf', params: { id }, schema: invoicePdf });
  }
}
