/**
 * Pure questions about a request's card-on-file charges (requests/request.ts `charges`), and what
 * the request card shows of them: the "Charge card on file ••4242" button and one status line.
 * The card never shows more than brand and last four.
 */
import type { Texts } from '../shared/i18n.ts';
import { type Button, mentionUser } from '../shared/reply.ts';
import type { CardChargeAttempt, PaymentRequest, RequestState } from './request.ts';

/** States in which the team still owes the money and the link was sent: a charge may be offered. */
export const CHARGEABLE_STATES: ReadonlySet<RequestState> = new Set(['awaiting_payment', 'expired']);

/** The charge that paid the request, if one did. */
export function succeededCharge(request: PaymentRequest): CardChargeAttempt | undefined {
  return request.charges?.find((c) => c.outcome === 'succeeded');
}

/** A charge whose answer is not final: unanswered (may have been applied) or pending at the bank. */
export function unsettledCharge(request: PaymentRequest): CardChargeAttempt | undefined {
  return request.charges?.find((c) => c.outcome === undefined || c.outcome === 'pending');
}

/** A charge nobody can say went through or not (no answer within the replay window). */
export function unknownCharge(request: PaymentRequest): CardChargeAttempt | undefined {
  return request.charges?.find((c) => c.outcome === 'unknown');
}

/** Enough approvals for the money to move: one approver (or none needed), or every one of a two-person request. */
export function fullyApproved(request: PaymentRequest): boolean {
  if (!request.needsApproval) return true;
  const required = request.approvalsRequired ?? 1;
  if (required > 1) return (request.approvals?.length ?? 0) >= required && request.approver !== undefined;
  return request.approver !== undefined;
}

/** What the card shows of the offer and the charges: the card is edited when this changes. */
export function chargeSignature(request: PaymentRequest): string {
  const offer = request.cardOffer ? request.cardOffer.last4 : request.cardOffer === null ? '-' : '';
  const charges = (request.charges ?? []).map((c) => `${c.n}:${c.outcome ?? '?'}`).join(',');
  return `${offer}|${charges}`;
}

/** What the card last showed of them (cards posted before card charges showed nothing). */
export function shownChargeSignature(request: PaymentRequest): string {
  return request.cardCharges ?? '|';
}

/** The card owes an edit for the offer or a charge. */
export function chargeEditOwed(request: PaymentRequest): boolean {
  return request.card !== undefined && shownChargeSignature(request) !== chargeSignature(request);
}

/** The button, while the request can be charged and nothing is charging. */
export function chargeButton(t: Texts, request: PaymentRequest): Button | undefined {
  const offer = request.cardOffer;
  if (!offer || request.purpose !== 'fund' || !CHARGEABLE_STATES.has(request.state)) return undefined;
  // After an unknown charge the card may have been charged: it is not offered again from chat.
  if (unsettledCharge(request) || succeededCharge(request) || unknownCharge(request)) return undefined;
  return {
    kind: 'action',
    action: 'charge_card',
    value: request.id,
    label: t.t('cardCharge.button', { last4: offer.last4 }),
    style: 'primary',
  };
}

/** Why a charge did not go through, in words (ModelsLab's decline code, or ours). */
export function chargeReason(t: Texts, charge: CardChargeAttempt): string {
  const code =
    charge.declineCode ??
    (charge.outcome === 'failed' ? 'not_settled' : charge.outcome === 'refused' ? 'refused' : 'generic_decline');
  return t.t('cardCharge.reason', { code });
}

/** The card's line about the latest charge (or the offer) while the request still waits for the money. */
export function chargeLine(t: Texts, request: PaymentRequest): string {
  const last = request.charges?.at(-1);
  if (!last) return '';
  const values = {
    who: mentionUser(last.by.id),
    brand: last.brand,
    last4: last.last4,
    amount: t.money(last.amountCents),
  };
  switch (last.outcome) {
    case undefined:
      return t.t('cardCharge.card_in_progress', values);
    case 'pending':
      return t.t('cardCharge.card_pending', values);
    case 'declined':
      return t.t('cardCharge.card_declined', { ...values, reason: chargeReason(t, last) });
    case 'requires_action':
      return t.t('cardCharge.card_requires_action', values);
    case 'failed':
    case 'refused':
      return t.t('cardCharge.card_failed', { ...values, reason: chargeReason(t, last) });
    case 'unknown':
      return t.t('cardCharge.card_unknown', values);
    default:
      return '';
  }
}
