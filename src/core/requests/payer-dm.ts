/**
 * The payer's direct messages: the only place the payment URL is ever shown. Later edits of the
 * same DM (paid, expired, cancelled, superseded) drop the link and the action buttons; news the
 * payer should notice (the link expired, a payment arrived late) comes as a new message.
 *
 * Every text about an old link tells the truth: Stripe keeps a checkout session payable until its
 * expiry whatever happened to the request, and the bot keeps watching it, so a payment on it is
 * credited and receipted, not lost. No text asks the payer to trust that a link "no longer works".
 */

import { formatTime, requestContext, sessionRef, whatFor } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import { tryAgainButton } from './card.ts';
import type { CheckoutAttempt, LatePayment, PaymentRequest } from './request.ts';

function amountLabel(request: PaymentRequest): string {
  return formatUsd(request.amountCents ?? 0);
}

/**
 * When the link stopped (or stops) being payable: its `expiresAt`, or earlier when ModelsLab
 * ended the session sooner (the sandbox's Expire now, an expiry Stripe applied early).
 */
export function linkExpiry(attempt: CheckoutAttempt): number | undefined {
  if (attempt.expiresAt === undefined) return undefined;
  const ended = attempt.sessionEnd !== undefined && attempt.sessionEnd !== 'paid' ? attempt.sessionEndedAt : undefined;
  return ended !== undefined ? Math.min(ended, attempt.expiresAt) : attempt.expiresAt;
}

/** What happens to a link nobody should pay any more, true at `now`. */
export function oldLinkTruth(attempt: CheckoutAttempt, now: number): string {
  const expiry = linkExpiry(attempt);
  if (expiry === undefined) return 'If a payment on it goes through, it is credited, not lost.';
  const at = formatTime(expiry);
  if (attempt.sessionEnd === 'expired') return `That link expired at ${at} and can no longer be paid.`;
  return expiry > now
    ? `That link stays payable until ${at}; a payment on it is still credited to the account and receipted, not lost.`
    : `That link expired at ${at}; if a payment on it went through anyway, it is credited and receipted, not lost.`;
}

export function paymentLinkDm(request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const expiry = attempt.expiresAt ? formatTime(attempt.expiresAt) : 'unknown';
  const what = request.purpose === 'fund' ? 'add funds to the ModelsLab wallet' : `subscribe to ${whatFor(request)}`;
  return {
    title: `Pay ${amountLabel(request)}`,
    text: `Your request to ${what} is ready to pay. The link works until ${expiry}. Click "I've paid" after paying to get the receipt sooner.`,
    fields: [
      { label: 'Amount', value: amountLabel(request), short: true },
      { label: 'Link expires', value: expiry, short: true },
    ],
    context: [requestContext(request), `Attempt ${attempt.n}`],
    buttons: [
      { kind: 'link', url: attempt.paymentUrl ?? '', label: `Pay ${amountLabel(request)}` },
      { kind: 'action', action: 'paid', value: request.id, label: "I've paid", style: 'primary' },
      { kind: 'action', action: 'cancel', value: request.id, label: 'Cancel' },
    ],
    tone: 'info',
  };
}

export function paidDm(request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const detail =
    request.purpose === 'fund'
      ? attempt.balanceCents !== undefined
        ? ` New balance: ${formatUsd(attempt.balanceCents)}.`
        : ''
      : ` Subscription active: ${whatFor(request)}.`;
  return {
    title: `Received ${amountLabel(request)}`,
    text: `Received, thanks.${detail}`,
    context: [requestContext(request)],
    tone: 'success',
  };
}

/** The current link's DM when the request was paid on another (older) link. */
export function paidElsewhereDm(request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: 'Already paid',
    text: `Request ${request.id} was paid on an earlier link, so there is no need to pay this one; a payment on it would be a second payment. ${oldLinkTruth(attempt, now)}`,
    context: [requestContext(request), `Attempt ${attempt.n}`],
    tone: 'success',
  };
}

/** The link DM once its link expired: no Pay button; the expiry notice (a new message) has the buttons. */
export function expiredLinkDm(request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: 'Payment link expired',
    text: `This payment link was not paid before its expiry. ${oldLinkTruth(attempt, now)}`,
    context: [requestContext(request), `Attempt ${attempt.n}`],
    tone: 'neutral',
  };
}

/** Sent as a new DM when the link expired, so the payer sees a new-message mark. */
export function expiryNoticeDm(request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const expiry = linkExpiry(attempt);
  const at = expiry !== undefined ? ` at ${formatTime(expiry)}` : '';
  return {
    title: 'Payment link expired',
    text: `The payment link for ${whatFor(request)} expired${at} before it was paid. The approval still stands: press New link for a fresh one.`,
    context: [requestContext(request), `Attempt ${attempt.n}`],
    buttons: [
      { kind: 'action', action: 'new_link', value: request.id, label: 'New link', style: 'primary' },
      { kind: 'action', action: 'cancel', value: request.id, label: 'Cancel' },
    ],
    tone: 'warning',
  };
}

/** An older attempt's link DM (and expiry notice) once a newer link went out: no buttons left. */
export function supersededDm(request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: 'A newer payment link was sent',
    text: `A newer payment link for ${whatFor(request)} is in a later message: use that one. ${oldLinkTruth(attempt, now)}`,
    context: [requestContext(request), `Attempt ${attempt.n}`],
    tone: 'neutral',
  };
}

export function closedDm(request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  const by = request.closedBy ? ` by ${mentionUser(request.closedBy.id)}` : '';
  const what = request.state === 'cancelled' ? `Cancelled${by}.` : `This request ${request.state}.`;
  const expiry = linkExpiry(attempt);
  const payable = attempt.sessionEnd === undefined && expiry !== undefined && expiry > now;
  const advice = payable ? ' There is no need to pay it now.' : '';
  return {
    title: 'Payment request closed',
    text: `${what}${advice} ${oldLinkTruth(attempt, now)}`,
    context: [requestContext(request)],
    ...(request.state === 'failed' ? { buttons: [tryAgainButton(request.id)] } : {}),
    tone: 'neutral',
  };
}

const LATE_WHY: Readonly<Record<Exclude<LatePayment, 'double'>, string>> = {
  cancelled: 'after the request was cancelled',
  failed: 'after the request was marked failed',
  expired: 'after the bot had marked the link expired',
  superseded: 'on an older link, after a newer one was sent',
};

/** What to do about a second payment: ModelsLab has no refund endpoint. */
export function doublePaymentAdvice(request: PaymentRequest, attempt: CheckoutAttempt): string {
  const extra = amountLabel(request);
  return request.purpose === 'fund'
    ? `ModelsLab has no refund endpoint, so the extra ${extra} stays in the wallet as credit. For a refund instead, contact ModelsLab support and quote session ${sessionRef(attempt.sessionId)}.`
    : `ModelsLab has no refund endpoint: check the subscriptions with /ml status, and for a refund of the extra ${extra} contact ModelsLab support and quote session ${sessionRef(attempt.sessionId)}.`;
}

/** A new DM to the payer about a payment that arrived late, or a second time. */
export function latePaymentDm(request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const late = attempt.paidAfter ?? 'superseded';
  const credited =
    request.purpose === 'fund'
      ? `It was credited to the ModelsLab wallet${attempt.balanceCents !== undefined ? ` (new balance ${formatUsd(attempt.balanceCents)})` : ''}.`
      : `The subscription payment was confirmed.`;
  const text =
    late === 'double'
      ? `Your payment of ${amountLabel(request)} on an earlier link arrived, but request ${request.id} was already paid: this is a second payment. ${credited} ${doublePaymentAdvice(request, attempt)}`
      : `Your payment of ${amountLabel(request)} arrived ${LATE_WHY[late]}, and nothing is lost. ${credited} The receipt is in the request's thread.`;
  return {
    title:
      late === 'double'
        ? `Second payment received · ${amountLabel(request)}`
        : `Payment received · ${amountLabel(request)}`,
    text,
    context: [requestContext(request), `Attempt ${attempt.n}`],
    tone: late === 'double' ? 'warning' : 'success',
  };
}
