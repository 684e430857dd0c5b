/**
 * The test and demo controls of cards, card payments and failed subscription payments
 * (sim.controls.addCard / settlePayment / pastDue, AccountControls.addCard) and the views of them
 * (sim.state.cards / payments / subscriptionStatus / billingInfo / cardCredits). Every change is
 * saved, as the other controls do.
 */
import type { Accounts, SimAccount } from './accounts.ts';
import { addCard, behaviourOf, cardCredits, settle, settleDue } from './card-charges.ts';
import type { BillingInfoRecord, CardBehaviour, PaymentRecord, SubscriptionStatus } from './model.ts';
import type { SimState } from './state.ts';

export interface AddedCard {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
}

export interface AddCardOptions {
  /** Make it the default card (default false; an account's only card is always its default). */
  readonly makeDefault?: boolean;
}

export interface CardView {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly isDefault: boolean;
  readonly behaviour: CardBehaviour;
}

export interface PaymentView {
  readonly id: string;
  readonly amountCents: number;
  readonly status: PaymentRecord['status'];
}

/** The controls below, bound to the simulator's accounts and its save. */
export function cardControls(accounts: Accounts, save: () => void) {
  const account = (name: string | undefined): SimAccount =>
    name === undefined ? accounts.original : accounts.named(name);
  return {
    addCard(behaviour: CardBehaviour, options: AddCardOptions & { readonly account?: string } = {}): AddedCard {
      const state = account(options.account).state;
      const pm = addCard(state, behaviour, options.makeDefault ?? false);
      save();
      return { id: pm.id, brand: pm.brand, last4: pm.last4 };
    },
    settlePayment(paymentIntentId: string, outcome: 'succeeded' | 'failed'): void {
      const owner = accounts.ownerOfPayment(paymentIntentId);
      const payment = owner?.state.payments.get(paymentIntentId);
      if (!owner || !payment) throw new Error(`unknown payment ${paymentIntentId}`);
      if (!settle(owner.state, payment, outcome) && payment.status !== outcome) {
        throw new Error(`payment ${paymentIntentId} is already ${payment.status}`);
      }
      save();
    },
    pastDue(subscriptionId?: number, accountName?: string): number {
      const state = account(accountName).state;
      const id = makePastDue(state, subscriptionId);
      save();
      return id;
    },
    /** Settles every pending payment of one account (or every account) now, as succeeded. */
    settlePending(accountName?: string): number {
      let n = 0;
      for (const a of accountName === undefined ? accounts.list() : [account(accountName)]) {
        for (const p of a.state.payments.values()) if (settle(a.state, p, 'succeeded')) n++;
      }
      save();
      return n;
    },
  };
}

/**
 * That subscription, or the account's first active one (made on the cheapest subscription plan
 * when there is none), is now past_due: its last renewal payment failed.
 */
export function makePastDue(state: SimState, subscriptionId?: number): number {
  let sub =
    subscriptionId === undefined
      ? state.subscriptions.find((s) => s.status === 'active')
      : state.subscription(subscriptionId);
  if (!sub && subscriptionId !== undefined) throw new Error(`unknown subscription ${subscriptionId}`);
  if (!sub) {
    const cheapest = [...state.plans]
      .filter((p) => p.type === 'subscription')
      .sort((a, b) => a.priceCents - b.priceCents)[0];
    if (!cheapest) throw new Error('no subscription plan');
    sub = state.createSubscription(cheapest.id);
  }
  sub.status = 'past_due';
  return sub.id;
}

/** The views, read through pending settlements (as an API read would see them). */
export function cardViews(accounts: Accounts, save: () => void) {
  const read = (name: string | undefined): SimState | undefined => {
    const state = (name === undefined ? accounts.original : accounts.get(name))?.state;
    if (state && settleDue(state)) save();
    return state;
  };
  return {
    cards(accountName?: string): CardView[] {
      return (read(accountName)?.paymentMethods ?? []).map((p) => ({
        id: p.id,
        brand: p.brand,
        last4: p.last4,
        expMonth: p.expMonth,
        expYear: p.expYear,
        isDefault: p.isDefault,
        behaviour: behaviourOf(p),
      }));
    },
    payments(accountName?: string): PaymentView[] {
      return [...(read(accountName)?.payments.values() ?? [])].map((p) => ({
        id: p.id,
        amountCents: p.amountCents,
        status: p.status,
      }));
    },
    subscriptionStatus(id: number, accountName?: string): SubscriptionStatus | undefined {
      return read(accountName)?.subscription(id)?.status;
    },
    billingInfo(accountName?: string): BillingInfoRecord | undefined {
      const info = read(accountName)?.billingInfo;
      return info && { ...info, address: { ...info.address } };
    },
    cardCredits(accountName?: string): number {
      const state = read(accountName);
      return state ? cardCredits(state) : 0;
    },
  };
}
