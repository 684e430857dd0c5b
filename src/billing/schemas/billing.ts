import { z } from 'zod';
import { intId, isoTime, money } from '../money-schema.ts';

export const paymentMethod = z.looseObject({
  id: z.string().min(1),
  brand: z.string().nullish(),
  last4: z.string().nullish(),
  exp_month: z.number().nullish(),
  exp_year: z.number().nullish(),
  is_default: z.boolean().optional(),
});
export type PaymentMethod = z.output<typeof paymentMethod>;

/** A bare array or an object holding it (`items` / `payment_methods`). */
export const paymentMethodList = z.union([
  z.array(paymentMethod),
  z.looseObject({ items: z.array(paymentMethod) }).transform((o) => o.items),
  z.looseObject({ payment_methods: z.array(paymentMethod) }).transform((o) => o.payment_methods),
]);

export const autoFunding = z.looseObject({
  enabled: z.boolean(),
  auto_charge_amount: money.nullish(),
  charge_threshold: money.nullish(),
  message: z.string().optional(),
});
export type AutoFundingBody = z.output<typeof autoFunding>;

// Undocumented shape: everything optional; callers check what they use.
export const overview = z.looseObject({
  wallet_balance: money.optional(),
  currency: z.string().optional(),
  payment_methods: z.array(paymentMethod).optional(),
  subscriptions: z.array(z.unknown()).optional(),
  invoice_count: z.number().optional(),
  auto_funding: autoFunding.optional(),
});
export type Overview = z.output<typeof overview>;

export const stripeConfig = z.looseObject({
  publishable_key: z.string().min(1),
  instructions: z.string().optional(),
});
export type StripeConfig = z.output<typeof stripeConfig>;

export const setupIntent = z.looseObject({
  client_secret: z.string().min(1),
  setup_intent_id: z.string().min(1),
  status: z.string().optional(),
  instructions: z.string().optional(),
});
export type SetupIntent = z.output<typeof setupIntent>;

export const paymentLink = z.looseObject({
  payment_url: z.url(),
  session_id: z.string().min(1),
  purpose: z.string().optional(),
  amount: money.nullish(),
  plan_id: intId.nullish(),
  expires_at: isoTime,
  instructions: z.string().optional(),
});
export type PaymentLinkBody = z.output<typeof paymentLink>;

export const deletedPaymentMethod = z.looseObject({ deleted: z.boolean(), id: z.string().optional() });
export type DeletedPaymentMethod = z.output<typeof deletedPaymentMethod>;

export const billingInfo = z.looseObject({
  name: z.string().nullish(),
  email: z.string().nullish(),
  tax_id: z.string().nullish(),
  tax_id_type: z.string().nullish(),
  address: z
    .looseObject({
      line1: z.string().nullish(),
      line2: z.string().nullish(),
      city: z.string().nullish(),
      state: z.string().nullish(),
      postal_code: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullish(),
});
export type BillingInfo = z.output<typeof billingInfo>;

export interface BillingInfoUpdate {
  readonly name?: string;
  readonly email?: string;
  readonly tax_id?: string;
  readonly tax_id_type?: string;
  readonly address?: {
    readonly line1?: string;
    readonly line2?: string;
    readonly city?: string;
    readonly state?: string;
    readonly postal_code?: string;
    readonly country?: string;
  };
}

export const invoice = z.looseObject({
  id: z.string().min(1),
  number: z.string().nullish(),
  amount: money,
  currency: z.string().default('usd'),
  status: z.string(),
  created_at: z.string().default(''),
  hosted_invoice_url: z.string().nullish(),
});
export type InvoiceBody = z.output<typeof invoice>;

/** `{items, count}` per the contract; a bare array (the CLI's guess) is accepted too. */
export const invoiceList = z.union([
  z.array(invoice).transform((items) => ({ items, count: items.length })),
  z.looseObject({ items: z.array(invoice), count: z.number().optional() }).transform((o) => ({
    ...o,
    count: o.count ?? o.items.length,
  })),
]);
export type InvoiceList = z.output<typeof invoiceList>;

export const invoiceDetail = invoice.extend({
  lines: z.array(z.looseObject({ description: z.string().nullish(), amount: money })).default([]),
});
export type InvoiceDetail = z.output<typeof invoiceDetail>;

export const invoicePdf = z
  .looseObject({
    invoice_id: z.string().optional(),
    pdf_url: z.string().nullish(),
    receipt_url: z.string().nullish(),
    url: z.string().nullish(),
  })
  .refine((o) => Boolean(o.pdf_url || o.url || o.receipt_url), 'expected pdf_url, url or receipt_url');
export type InvoicePdf = z.output<typeof invoicePdf>;
