/**
 * The card-on-file half of what core needs from ModelsLab: saved cards, charging one, following
 * a charge, setting up a new card (Stripe Setup Intents), billing details, and a subscription's
 * payment health. BillingPort extends it, so every billing port (the budgeted one, a tenant's
 * session-routing one) carries it without new wiring.
 *
 * Card data (numbers, CVCs) never crosses this port: the browser sends them to Stripe. What
 * crosses is safe to show: brand, last four digits, expiry. A Setup Intent's client secret
 * crosses once, to the add-card page, and is never stored, logged or posted.
 *
 * Outcomes a person must hear about (a decline, 3-D Secure) are values, never thrown; outages and
 * rate limits are thrown as Billing*Error like every other call.
 */
import type { Cents } from './money.ts';

export interface SavedCard {
  /** Stripe's payment method id (`pm_…`). */
  readonly id: string;
  /** `visa`, `mastercard`, … as Stripe names it. */
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly isDefault: boolean;
}

/** What `POST /wallet/fund` with a `payment_method_id` said. */
export type CardCharge =
  /** Charged and credited: the wallet holds the money. */
  | { readonly status: 'succeeded'; readonly paymentId: string; readonly balanceCents?: Cents }
  /** Stripe has not settled it yet: follow `paymentStatus(paymentId)`. */
  | { readonly status: 'pending'; readonly paymentId: string }
  /** HTTP 202: the bank wants the cardholder (3-D Secure). Nothing was charged. */
  | { readonly status: 'requires_action'; readonly paymentId?: string; readonly message: string }
  /** HTTP 402: the card was declined. Nothing was charged. */
  | {
      readonly status: 'declined';
      readonly paymentId?: string;
      readonly declineCode?: string;
      readonly message: string;
    };

/** `GET /payments/{id}/status`. */
export interface PaymentStatus {
  readonly status: 'succeeded' | 'pending' | 'failed';
  readonly amountCents?: Cents;
}

/** `POST /billing/setup-intent`. The client secret goes to the add-card page only. */
export interface SetupIntentStart {
  readonly setupIntentId: string;
  readonly clientSecret: string;
}

export interface BillingAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state?: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
}

/** `GET /billing/info`: who ModelsLab invoices. */
export interface BillingDetails {
  readonly name: string;
  readonly email: string;
  readonly taxId?: string;
  /** Stripe's tax id type (`eu_vat`, `us_ein`, …). */
  readonly taxIdType?: string;
  readonly address?: BillingAddress;
}

/** `PUT /billing/info`: only the fields given change. */
export interface BillingDetailsUpdate {
  readonly name?: string;
  readonly email?: string;
  readonly taxId?: string;
  readonly taxIdType?: string;
  readonly address?: BillingAddress;
}

/** `GET /subscriptions/{id}/status`. */
export interface SubscriptionPaymentState {
  readonly id: number;
  readonly planId: number;
  readonly status: 'active' | 'paused' | 'past_due' | 'canceled' | 'trialing' | string;
  readonly currentPeriodEnd?: string;
}

/** `POST /subscriptions/{id}/fix-payment`: the new status, and a URL when the cardholder must act. */
export interface FixPaymentResult {
  readonly status: string;
  /** A page where the cardholder completes the payment: the approver's DM only. */
  readonly url?: string;
}

export interface CardsPort {
  /** A read (ModelsLab's general limiter). */
  listCards(): Promise<readonly SavedCard[]>;
  setDefaultCard(paymentMethodId: string, idempotencyKey: string): Promise<SavedCard>;
  removeCard(paymentMethodId: string, idempotencyKey: string): Promise<void>;
  /** Attach a card the browser set up with Stripe (the add-card page), default or not. */
  attachCard(paymentMethodId: string, makeDefault: boolean, idempotencyKey: string): Promise<SavedCard>;
  /** Charge a saved card and credit the wallet. The key makes a retry replay, never charge twice. */
  fundWithCard(amountCents: Cents, paymentMethodId: string, idempotencyKey: string): Promise<CardCharge>;
  /** Follows a pending charge; spends the billing budget from its spare tokens only. */
  paymentStatus(paymentId: string): Promise<PaymentStatus>;
  createSetupIntent(idempotencyKey: string): Promise<SetupIntentStart>;
  /** Stripe.js's publishable key (`GET /billing/stripe-config`). A read. */
  stripePublishableKey(): Promise<string>;
  /** A read. */
  getBillingDetails(): Promise<BillingDetails>;
  updateBillingDetails(update: BillingDetailsUpdate, idempotencyKey: string): Promise<BillingDetails>;
  /** A subscription's payment health; spends the billing budget from its spare tokens only. */
  subscriptionPaymentState(subscriptionId: number): Promise<SubscriptionPaymentState>;
  fixSubscriptionPayment(subscriptionId: number, idempotencyKey: string): Promise<FixPaymentResult>;
}
