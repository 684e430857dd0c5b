/**
 * One account's state: wallet and ledger, subscriptions, cards, checkout sessions, payments and
 * tokens. Operations here keep the money rules (a session credits at most once, a ledger entry
 * for every balance change); routes translate between the wire and these operations.
 */
import type { Clock } from '../core/shared/ports.ts';
import type {
  AutoFundingRecord,
  BillingInfoRecord,
  CheckoutSessionRecord,
  CouponRecord,
  DetachedCardRecord,
  InvoiceRecord,
  LedgerEntry,
  PaymentMethodRecord,
  PaymentRecord,
  PlanRecord,
  Purpose,
  SetupIntentRecord,
  SubscriptionRecord,
} from './model.ts';
import { PLANS, seed } from './seed.ts';
import type { AccountSnapshot } from './snapshot.ts';
import { newPaymentIntentId, newSessionId } from './wire.ts';

const MONTH = 30 * 86_400_000;
const YEAR = 365 * 86_400_000;

export class SimState {
  readonly plans: readonly PlanRecord[] = PLANS;
  balanceCents = 0;
  ledger: LedgerEntry[] = [];
  subscriptions: SubscriptionRecord[] = [];
  paymentMethods: PaymentMethodRecord[] = [];
  billingInfo!: BillingInfoRecord;
  invoices: InvoiceRecord[] = [];
  coupons = new Map<string, CouponRecord>();
  autoFunding: AutoFundingRecord = { enabled: false, amountCents: null, thresholdCents: null };
  readonly sessions = new Map<string, CheckoutSessionRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  /** Setup Intents made by POST /billing/setup-intent, confirmed by the Stripe.js stand-in. */
  readonly setupIntents = new Map<string, SetupIntentRecord>();
  /** Cards the stand-in set up, not attached yet (POST /billing/payment-methods attaches one). */
  readonly detachedCards = new Map<string, DetachedCardRecord>();
  readonly tokens = new Set<string>();
  readonly #clock: Clock;
  readonly #initialTokens: readonly string[];
  #nextLedgerId = 2000;
  #nextSubscriptionId = 600;

  constructor(clock: Clock, tokens: readonly string[]) {
    this.#clock = clock;
    this.#initialTokens = tokens;
    this.reset();
  }

  reset(): void {
    const s = seed(this.#clock.now());
    this.balanceCents = s.balanceCents;
    this.ledger = s.ledger;
    this.subscriptions = s.subscriptions;
    this.paymentMethods = s.paymentMethods;
    this.billingInfo = s.billingInfo;
    this.invoices = s.invoices;
    this.coupons = s.coupons;
    this.autoFunding = s.autoFunding;
    this.sessions.clear();
    this.payments.clear();
    this.setupIntents.clear();
    this.detachedCards.clear();
    this.tokens.clear();
    for (const t of this.#initialTokens) this.tokens.add(t);
    this.#nextLedgerId = 2000;
    this.#nextSubscriptionId = 600;
  }

  /** Every coupon back to its seed state (unused, expiry dated from now); the ledger keeps past redemptions. */
  resetCoupons(): void {
    this.coupons = seed(this.#clock.now()).coupons;
  }

  /** Everything a restart must get back, as plain records (idempotency replays are added by the caller). */
  snapshot(): Omit<AccountSnapshot, 'idempotency'> {
    return {
      balanceCents: this.balanceCents,
      ledger: this.ledger,
      subscriptions: this.subscriptions,
      paymentMethods: this.paymentMethods,
      billingInfo: this.billingInfo,
      invoices: this.invoices,
      coupons: [...this.coupons.values()],
      autoFunding: this.autoFunding,
      sessions: [...this.sessions.values()],
      payments: [...this.payments.values()],
      setupIntents: [...this.setupIntents.values()],
      detachedCards: [...this.detachedCards.values()],
      tokens: [...this.tokens],
      nextLedgerId: this.#nextLedgerId,
      nextSubscriptionId: this.#nextSubscriptionId,
    };
  }

  /** The state a snapshot describes, replacing the current one. */
  restore(s: Omit<AccountSnapshot, 'idempotency'>): void {
    this.balanceCents = s.balanceCents;
    this.ledger = [...s.ledger];
    this.subscriptions = [...s.subscriptions];
    this.paymentMethods = [...s.paymentMethods];
    this.billingInfo = s.billingInfo;
    this.invoices = [...s.invoices];
    this.coupons = new Map(s.coupons.map((c) => [c.code, c]));
    this.autoFunding = s.autoFunding;
    this.sessions.clear();
    for (const session of s.sessions) this.sessions.set(session.id, session);
    this.payments.clear();
    for (const payment of s.payments) this.payments.set(payment.id, payment);
    // Absent in files written before cards could be set up here (version 1 and 2).
    this.setupIntents.clear();
    for (const intent of s.setupIntents ?? []) this.setupIntents.set(intent.id, intent);
    this.detachedCards.clear();
    for (const card of s.detachedCards ?? []) this.detachedCards.set(card.id, card);
    this.tokens.clear();
    for (const t of s.tokens) this.tokens.add(t);
    this.#nextLedgerId = s.nextLedgerId;
    this.#nextSubscriptionId = s.nextSubscriptionId;
  }

  now(): number {
    return this.#clock.now();
  }

  // ------------------------------------------------------------ wallet

  credit(amountCents: number, source: string, transactionId: string, usecase: string): LedgerEntry {
    return this.#book('credit', amountCents, source, transactionId, usecase);
  }

  debit(amountCents: number, source: string, transactionId: string, usecase: string): LedgerEntry {
    return this.#book('debit', amountCents, source, transactionId, usecase);
  }

  #book(type: 'credit' | 'debit', amountCents: number, source: string, transactionId: string, usecase: string) {
    const entry: LedgerEntry = {
      id: this.#nextLedgerId++,
      source,
      transactionId,
      type,
      amountCents,
      usecase,
      createdAt: this.now(),
    };
    this.ledger.push(entry);
    this.balanceCents += type === 'credit' ? amountCents : -amountCents;
    return entry;
  }

  /** A card charge that succeeded at once (fund with a saved card, charge-amount, bonus coupons). */
  chargeCard(amountCents: number): PaymentRecord {
    const payment: PaymentRecord = { id: newPaymentIntentId(), amountCents, status: 'succeeded' };
    this.payments.set(payment.id, payment);
    return payment;
  }

  // ------------------------------------------------------------ lookups

  plan(id: number): PlanRecord | undefined {
    return this.plans.find((p) => p.id === id);
  }

  subscription(id: number): SubscriptionRecord | undefined {
    return this.subscriptions.find((s) => s.id === id);
  }

  paymentMethod(id: string): PaymentMethodRecord | undefined {
    return this.paymentMethods.find((p) => p.id === id);
  }

  defaultPaymentMethod(): PaymentMethodRecord | undefined {
    return this.paymentMethods.find((p) => p.isDefault) ?? this.paymentMethods[0];
  }

  createSubscription(planId: number): SubscriptionRecord {
    const plan = this.plan(planId);
    const start = this.now();
    const sub: SubscriptionRecord = {
      id: this.#nextSubscriptionId++,
      planId,
      status: 'active',
      stripeSubscriptionId: `sub_${newPaymentIntentId().slice(3)}`,
      periodStart: start,
      periodEnd: start + periodMs(plan),
    };
    this.subscriptions.push(sub);
    return sub;
  }

  restartPeriod(sub: SubscriptionRecord): void {
    sub.periodStart = this.now();
    sub.periodEnd = sub.periodStart + periodMs(this.plan(sub.planId));
  }

  // ------------------------------------------------------------ checkout sessions

  createSession(
    purpose: Purpose,
    amountCents: number,
    planId: number | null,
    lifetimeMs: number,
  ): CheckoutSessionRecord {
    const now = this.now();
    const session: CheckoutSessionRecord = {
      id: newSessionId(),
      purpose,
      amountCents,
      planId,
      status: 'open',
      paymentStatus: 'unpaid',
      createdAt: now,
      expiresAt: now + lifetimeMs,
      cancelled: false,
      paymentIntentId: null,
      credits: 0,
      subscriptionId: null,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session with its expiry applied: an open session past `expiresAt` is expired (paid ones never expire). */
  session(id: string): CheckoutSessionRecord | undefined {
    const s = this.sessions.get(id);
    if (s && s.status === 'open' && this.now() >= s.expiresAt) s.status = 'expired';
    return s;
  }

  /** The payer paid on the checkout page. Nothing is credited until confirm-checkout. */
  pay(id: string): CheckoutSessionRecord {
    const s = this.session(id);
    if (!s) throw new Error(`unknown checkout session ${id}`);
    if (s.status === 'expired') throw new Error(`checkout session ${id} has expired`);
    if (s.status === 'complete') return s;
    s.status = 'complete';
    s.paymentStatus = 'paid';
    s.cancelled = false;
    const payment = this.chargeCard(s.amountCents);
    s.paymentIntentId = payment.id;
    return s;
  }

  expire(id: string): CheckoutSessionRecord {
    const s = this.session(id);
    if (!s) throw new Error(`unknown checkout session ${id}`);
    if (s.status === 'open') {
      s.status = 'expired';
      s.expiresAt = Math.min(s.expiresAt, this.now());
    }
    return s;
  }
}

function periodMs(plan: PlanRecord | undefined): number {
  return plan?.period === 'yearly' ? YEAR : MONTH;
}
