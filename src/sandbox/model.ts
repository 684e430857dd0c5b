/** The simulator's records. Money is integer cents; times are epoch ms. */

export type Purpose = 'fund' | 'subscribe';
export type SubscriptionStatus = 'active' | 'paused' | 'past_due' | 'canceled' | 'trialing';

export interface LedgerEntry {
  readonly id: number;
  readonly source: string;
  readonly transactionId: string;
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly usecase: string;
  readonly createdAt: number;
}

export interface PlanRecord {
  readonly id: number;
  readonly name: string;
  readonly category: 'normal' | 'imagen' | 'enterprise' | 'addon';
  readonly period: 'monthly' | 'yearly';
  readonly type: string;
  readonly priceCents: number;
  readonly apiCallLimit: number;
  readonly rateLimit: number;
  readonly features: readonly string[];
}

export interface SubscriptionRecord {
  readonly id: number;
  planId: number;
  status: SubscriptionStatus;
  readonly stripeSubscriptionId: string;
  periodStart: number;
  periodEnd: number;
}

/**
 * What charging a card does, as Stripe's test cards behave: charged at once, declined
 * (insufficient funds), 3-D Secure wanted (nothing charged), or processing for a while.
 */
export type CardBehaviour = 'succeeds' | 'declines' | 'requires_action' | 'pending';
export const CARD_BEHAVIOURS: readonly CardBehaviour[] = ['succeeds', 'declines', 'requires_action', 'pending'];

export interface PaymentMethodRecord {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  isDefault: boolean;
  /** Absent in state files written before cards had behaviours: those cards succeed. */
  readonly behaviour?: CardBehaviour;
}

/** A card the Stripe.js stand-in set up: brand, last four and behaviour only, never the number or CVC. */
export interface DetachedCardRecord {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly behaviour: CardBehaviour;
}

export interface SetupIntentRecord {
  readonly id: string;
  /** SHA-256 of the client secret: enough to check a confirm, useless to anyone reading the state file. */
  readonly secretHash: string;
  status: 'requires_payment_method' | 'succeeded';
  paymentMethodId: string | null;
}

export interface BillingInfoRecord {
  name: string;
  email: string;
  taxId: string | null;
  taxIdType: string | null;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string | null;
    postal_code: string;
    country: string;
  };
}

export interface InvoiceRecord {
  readonly id: string;
  readonly number: string;
  readonly amountCents: number;
  readonly status: 'paid' | 'open' | 'void';
  readonly createdAt: number;
  readonly lines: ReadonlyArray<{ readonly description: string; readonly amountCents: number }>;
}

export interface CouponRecord {
  readonly code: string;
  readonly kind: 'credit' | 'bonus';
  readonly amountCents: number | null;
  readonly bonusPercent: number | null;
  readonly expiresAt: number | null;
  used: boolean;
}

export interface AutoFundingRecord {
  enabled: boolean;
  amountCents: number | null;
  thresholdCents: number | null;
}

export interface CheckoutSessionRecord {
  readonly id: string;
  readonly purpose: Purpose;
  /** Fund: the amount; subscribe: the plan's price. */
  readonly amountCents: number;
  readonly planId: number | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'unpaid' | 'paid';
  readonly createdAt: number;
  expiresAt: number;
  /** The payer pressed Cancel on the page; like Stripe, the session itself stays open. */
  cancelled: boolean;
  paymentIntentId: string | null;
  /** Times confirm-checkout credited the wallet or activated a subscription. Never above 1. */
  credits: number;
  /** Set on first confirm: the ledger entry or subscription it produced, for repeat confirms. */
  subscriptionId: number | null;
}

export interface PaymentRecord {
  readonly id: string;
  readonly amountCents: number;
  /** `requires_action`: 3-D Secure was asked for and nothing was charged. */
  status: 'succeeded' | 'pending' | 'failed' | 'requires_action';
  /** A pending charge settles `succeeded` at this clock time (lazily, when next read). */
  settlesAt?: number;
  /** Credit the wallet when it succeeds (a fund with a card that was pending). */
  creditsWallet?: boolean;
  /** It credited the wallet: counted by `sim.state.cardCredits`. Never set twice. */
  credited?: boolean;
}

export interface DemoUser {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly username: string;
  readonly password: string;
}
