/**
 * A BillingPort that hands every call to an inner one, unchanged. The ports that sit in front of
 * another (BudgetedBilling's budget, a tenant's SessionBilling routing confirms by session)
 * extend it and override only the calls they change, so a method added to BillingPort is
 * forwarded once here instead of being copied into each of them.
 */
import type { Purpose } from '../core/requests/request.ts';
import type {
  BillingDetails,
  BillingDetailsUpdate,
  CardCharge,
  FixPaymentResult,
  PaymentStatus,
  SavedCard,
  SetupIntentStart,
  SubscriptionPaymentState,
} from '../core/shared/cards-port.ts';
import type { Cents } from '../core/shared/money.ts';
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

export class ForwardingBilling implements BillingPort {
  // A private field behind a getter: the inner port is not an own (enumerable) property.
  readonly #inner: BillingPort;

  constructor(inner: BillingPort) {
    this.#inner = inner;
  }

  /** The port every call not overridden goes to. */
  protected get inner(): BillingPort {
    return this.#inner;
  }

  createPaymentLink(input: PaymentLinkInput, idempotencyKey: string): Promise<PaymentLink> {
    return this.#inner.createPaymentLink(input, idempotencyKey);
  }

  confirmCheckout(purpose: Purpose, sessionId: string, idempotencyKey: string): Promise<ConfirmOutcome> {
    return this.#inner.confirmCheckout(purpose, sessionId, idempotencyKey);
  }

  getBalance(): Promise<Balance> {
    return this.#inner.getBalance();
  }

  listPlans(): Promise<readonly Plan[]> {
    return this.#inner.listPlans();
  }

  listTransactions(query: { type?: 'credit' | 'debit'; limit: number; offset: number }): Promise<TransactionPage> {
    return this.#inner.listTransactions(query);
  }

  listInvoices(): Promise<readonly Invoice[]> {
    return this.#inner.listInvoices();
  }

  invoicePdfUrl(invoiceId: string): Promise<string> {
    return this.#inner.invoicePdfUrl(invoiceId);
  }

  validateCoupon(code: string): Promise<CouponCheck> {
    return this.#inner.validateCoupon(code);
  }

  redeemCoupon(code: string, idempotencyKey: string): Promise<{ creditedCents: Cents; balanceCents?: Cents }> {
    return this.#inner.redeemCoupon(code, idempotencyKey);
  }

  listSubscriptions(): Promise<readonly Subscription[]> {
    return this.#inner.listSubscriptions();
  }

  pauseSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#inner.pauseSubscription(id, idempotencyKey);
  }

  resumeSubscription(id: number, idempotencyKey: string): Promise<Subscription> {
    return this.#inner.resumeSubscription(id, idempotencyKey);
  }

  changeSubscriptionPlan(id: number, planId: number, idempotencyKey: string): Promise<Subscription> {
    return this.#inner.changeSubscriptionPlan(id, planId, idempotencyKey);
  }

  getAutoFunding(): Promise<AutoFunding> {
    return this.#inner.getAutoFunding();
  }

  setAutoFunding(amountCents: Cents, thresholdCents: Cents, idempotencyKey: string): Promise<AutoFunding> {
    return this.#inner.setAutoFunding(amountCents, thresholdCents, idempotencyKey);
  }

  disableAutoFunding(idempotencyKey: string): Promise<AutoFunding> {
    return this.#inner.disableAutoFunding(idempotencyKey);
  }

  // ------------------------------------------------------------ cards (CardsPort)

  listCards(): Promise<readonly SavedCard[]> {
    return this.#inner.listCards();
  }

  setDefaultCard(paymentMethodId: string, idempotencyKey: string): Promise<SavedCard> {
    return this.#inner.setDefaultCard(paymentMethodId, idempotencyKey);
  }

  removeCard(paymentMethodId: string, idempotencyKey: string): Promise<void> {
    return this.#inner.removeCard(paymentMethodId, idempotencyKey);
  }

  attachCard(paymentMethodId: string, makeDefault: boolean, idempotencyKey: string): Promise<SavedCard> {
    return this.#inner.attachCard(paymentMethodId, makeDefault, idempotencyKey);
  }

  fundWithCard(amountCents: Cents, paymentMethodId: string, idempotencyKey: string): Promise<CardCharge> {
    return this.#inner.fundWithCard(amountCents, paymentMethodId, idempotencyKey);
  }

  paymentStatus(paymentId: string): Promise<PaymentStatus> {
    return this.#inner.paymentStatus(paymentId);
  }

  createSetupIntent(idempotencyKey: string): Promise<SetupIntentStart> {
    return this.#inner.createSetupIntent(idempotencyKey);
  }

  stripePublishableKey(): Promise<string> {
    return this.#inner.stripePublishableKey();
  }

  getBillingDetails(): Promise<BillingDetails> {
    return this.#inner.getBillingDetails();
  }

  updateBillingDetails(update: BillingDetailsUpdate, idempotencyKey: string): Promise<BillingDetails> {
    return this.#inner.updateBillingDetails(update, idempotencyKey);
  }

  subscriptionPaymentState(subscriptionId: number): Promise<SubscriptionPaymentState> {
    return this.#inner.subscriptionPaymentState(subscriptionId);
  }

  fixSubscriptionPayment(subscriptionId: number, idempotencyKey: string): Promise<FixPaymentResult> {
    return this.#inner.fixSubscriptionPayment(subscriptionId, idempotencyKey);
  }
}
