/**
 * Charging a saved card the way Stripe's test cards behave: each card carries a behaviour
 * (succeeds, declines, requires_action, pending) and a charge records a payment whatever happens,
 * so `GET /payments/{id}/status` can follow it. A pending charge settles `succeeded` 30 s of
 * simulator clock later (applied lazily, the next time the account is read) or when a test
 * settles it; a fund credits the wallet exactly once, when its charge succeeds.
 */
import type { CardBehaviour, PaymentMethodRecord, PaymentRecord } from './model.ts';
import type { SimState } from './state.ts';
import { newPaymentIntentId, randomAlnum } from './wire.ts';

/** How long a pending charge takes to settle, in simulator clock time. */
export const SETTLE_AFTER_MS = 30_000;

/** The test card each behaviour is added as (sim.controls.addCard). */
export const BEHAVIOUR_CARDS: Readonly<Record<CardBehaviour, { readonly brand: string; readonly last4: string }>> = {
  succeeds: { brand: 'visa', last4: '4242' },
  declines: { brand: 'visa', last4: '9995' },
  requires_action: { brand: 'visa', last4: '3184' },
  pending: { brand: 'visa', last4: '0259' },
};

export function behaviourOf(pm: PaymentMethodRecord): CardBehaviour {
  return pm.behaviour ?? 'succeeds';
}

export type ChargeOutcome =
  | { readonly kind: 'succeeded' | 'pending' | 'declined'; readonly payment: PaymentRecord }
  /** 3-D Secure: nothing charged; the client secret is for the cardholder's browser (Stripe.js). */
  | { readonly kind: 'requires_action'; readonly payment: PaymentRecord; readonly clientSecret: string };

/**
 * One charge of `amountCents` on `pm`. With `creditWallet` (a fund) the wallet is credited when
 * the charge succeeds: now, or when a pending one settles.
 */
export function chargeCard(
  state: SimState,
  pm: PaymentMethodRecord,
  amountCents: number,
  creditWallet: boolean,
): ChargeOutcome {
  const id = newPaymentIntentId();
  const record = (payment: PaymentRecord) => {
    state.payments.set(payment.id, payment);
    return payment;
  };
  switch (behaviourOf(pm)) {
    case 'declines':
      return { kind: 'declined', payment: record({ id, amountCents, status: 'failed' }) };
    case 'requires_action':
      return {
        kind: 'requires_action',
        payment: record({ id, amountCents, status: 'requires_action' }),
        clientSecret: `${id}_secret_${randomAlnum(24)}`,
      };
    case 'pending':
      return {
        kind: 'pending',
        payment: record({
          id,
          amountCents,
          status: 'pending',
          settlesAt: state.now() + SETTLE_AFTER_MS,
          ...(creditWallet ? { creditsWallet: true } : {}),
        }),
      };
    case 'succeeds': {
      const payment = record({ id, amountCents, status: 'succeeded' });
      if (creditWallet) creditOnce(state, payment);
      return { kind: 'succeeded', payment };
    }
  }
}

/** The wallet gets a charge's money once, whoever settles it and however often. */
export function creditOnce(state: SimState, payment: PaymentRecord): void {
  if (payment.credited) return;
  payment.credited = true;
  state.credit(payment.amountCents, 'stripe', payment.id, 'wallet_funding');
}

/**
 * A pending payment ends `succeeded` (crediting the wallet if it was a fund) or `failed`.
 * False when it was not pending (already settled): nothing changes.
 */
export function settle(state: SimState, payment: PaymentRecord, outcome: 'succeeded' | 'failed'): boolean {
  if (payment.status !== 'pending') return false;
  payment.status = outcome;
  delete payment.settlesAt;
  if (outcome === 'succeeded' && payment.creditsWallet) creditOnce(state, payment);
  return true;
}

/** Settles every pending payment whose time has come; true when any did (the caller saves). */
export function settleDue(state: SimState): boolean {
  const now = state.now();
  let changed = false;
  for (const p of state.payments.values()) {
    if (p.status === 'pending' && p.settlesAt !== undefined && now >= p.settlesAt) {
      changed = settle(state, p, 'succeeded') || changed;
    }
  }
  return changed;
}

/** Times a card charge credited the wallet. */
export function cardCredits(state: SimState): number {
  let n = 0;
  for (const p of state.payments.values()) if (p.credited) n++;
  return n;
}

/** A new saved card with a behaviour's test number (sim.controls.addCard). */
export function addCard(state: SimState, behaviour: CardBehaviour, makeDefault: boolean): PaymentMethodRecord {
  const { brand, last4 } = BEHAVIOUR_CARDS[behaviour];
  const pm: PaymentMethodRecord = {
    id: `pm_${randomAlnum(24)}`,
    brand,
    last4,
    expMonth: 12,
    expYear: 2034,
    isDefault: false,
    behaviour,
  };
  state.paymentMethods.push(pm);
  if (makeDefault || state.paymentMethods.length === 1) for (const p of state.paymentMethods) p.isDefault = p === pm;
  return pm;
}
