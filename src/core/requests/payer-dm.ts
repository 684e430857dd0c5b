/**
 * The payer's direct messages: the only place the payment URL is ever shown. Later edits of the
 * same DM (paid, expired, cancelled, superseded) drop the link and the action buttons; news the
 * payer should notice (the link expired, a payment arrived late) comes as a new message.
 *
 * Every text about an old link tells the truth: Stripe keeps a checkout session payable until its
 * expiry whatever happened to the request, and the bot keeps watching it, so a payment on it is
 * credited and receipted, not lost. No text asks the payer to trust that a link "no longer works".
 *
 * Written in the payer's language (`request.locale`, else the workspace's): see payerTexts.
 */

import { requestContext, sessionRef, whatFor } from '../shared/format.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import { tryAgainButton } from './card.ts';
import { chargeBefore, doubleAfterChargeDm } from './card-charge-receipt.ts';
import type { CheckoutAttempt, LatePayment, PaymentRequest } from './request.ts';

function amountLabel(t: Texts, request: PaymentRequest): string {
  return t.money(request.amountCents ?? 0);
}

function attemptLine(t: Texts, attempt: CheckoutAttempt): string {
  return t.t('requests.dm.attempt', { n: String(attempt.n) });
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
export function oldLinkTruth(t: Texts, attempt: CheckoutAttempt, now: number): string {
  const expiry = linkExpiry(attempt);
  if (expiry === undefined) return t.t('requests.dm.old_link_unknown');
  const time = t.time(expiry);
  if (attempt.sessionEnd === 'expired') return t.t('requests.dm.old_link_ended', { time });
  return t.t(expiry > now ? 'requests.dm.old_link_payable' : 'requests.dm.old_link_expired', { time });
}

export function paymentLinkDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const expiry = attempt.expiresAt ? t.time(attempt.expiresAt) : t.t('requests.dm.expiry_unknown');
  const amount = amountLabel(t, request);
  return {
    title: t.t('requests.dm.pay_title', { amount }),
    text:
      request.purpose === 'fund'
        ? t.t('requests.dm.pay_fund', { expiry })
        : t.t('requests.dm.pay_subscribe', { what: whatFor(t, request), expiry }),
    fields: [
      { label: t.t('requests.field.amount'), value: amount, short: true },
      { label: t.t('requests.field.link_expires'), value: expiry, short: true },
    ],
    context: [requestContext(t, request), attemptLine(t, attempt)],
    buttons: [
      // The tracked link when the bot has a public address (core/pay-link.ts), else Stripe's own.
      {
        kind: 'link',
        url: attempt.payLinkUrl ?? attempt.paymentUrl ?? '',
        label: t.t('requests.button.pay', { amount }),
      },
      {
        kind: 'action',
        action: 'paid',
        value: request.id,
        label: t.t('requests.button.paid'),
        style: 'primary',
      },
      { kind: 'action', action: 'cancel', value: request.id, label: t.t('requests.button.cancel') },
    ],
    tone: 'info',
  };
}

export function paidDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const detail =
    request.purpose === 'fund'
      ? attempt.balanceCents !== undefined
        ? t.t('requests.dm.new_balance', { balance: t.money(attempt.balanceCents) })
        : ''
      : t.t('requests.dm.subscription_active', { what: whatFor(t, request) });
  return {
    title: t.t('requests.dm.received_title', { amount: amountLabel(t, request) }),
    text: t.t('requests.dm.received', { detail }),
    context: [requestContext(t, request)],
    tone: 'success',
  };
}

/** The current link's DM when the request was paid on another (older) link. */
export function paidElsewhereDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: t.t('requests.dm.already_paid_title'),
    text: t.t('requests.dm.already_paid', { id: request.id, truth: oldLinkTruth(t, attempt, now) }),
    context: [requestContext(t, request), attemptLine(t, attempt)],
    tone: 'success',
  };
}

/** The link DM once its link expired: no Pay button; the expiry notice (a new message) has the buttons. */
export function expiredLinkDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: t.t('requests.dm.link_expired_title'),
    text: t.t('requests.dm.link_expired', { truth: oldLinkTruth(t, attempt, now) }),
    context: [requestContext(t, request), attemptLine(t, attempt)],
    tone: 'neutral',
  };
}

/** Sent as a new DM when the link expired, so the payer sees a new-message mark. */
export function expiryNoticeDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const expiry = linkExpiry(attempt);
  const at = expiry !== undefined ? t.t('requests.dm.expiry_at', { time: t.time(expiry) }) : '';
  return {
    title: t.t('requests.dm.link_expired_title'),
    text: t.t('requests.dm.expiry_notice', { what: whatFor(t, request), at }),
    context: [requestContext(t, request), attemptLine(t, attempt)],
    buttons: [
      {
        kind: 'action',
        action: 'new_link',
        value: request.id,
        label: t.t('requests.button.new_link'),
        style: 'primary',
      },
      { kind: 'action', action: 'cancel', value: request.id, label: t.t('requests.button.cancel') },
    ],
    tone: 'warning',
  };
}

/** An older attempt's link DM (and expiry notice) once a newer link went out: no buttons left. */
export function supersededDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  return {
    title: t.t('requests.dm.superseded_title'),
    text: t.t('requests.dm.superseded', { what: whatFor(t, request), truth: oldLinkTruth(t, attempt, now) }),
    context: [requestContext(t, request), attemptLine(t, attempt)],
    tone: 'neutral',
  };
}

export function closedDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply {
  const by = request.closedBy ? t.t('requests.card.by', { who: mentionUser(request.closedBy.id) }) : '';
  const what =
    request.state === 'cancelled'
      ? t.t('requests.dm.closed_cancelled', { by })
      : t.t('requests.dm.closed_state', { state: request.state });
  const expiry = linkExpiry(attempt);
  const payable = attempt.sessionEnd === undefined && expiry !== undefined && expiry > now;
  const advice = payable ? t.t('requests.dm.no_need_to_pay') : '';
  return {
    title: t.t('requests.dm.closed_title'),
    text: t.t('requests.dm.closed', { what, advice, truth: oldLinkTruth(t, attempt, now) }),
    context: [requestContext(t, request)],
    ...(request.state === 'failed' ? { buttons: [tryAgainButton(t, request.id)] } : {}),
    tone: 'neutral',
  };
}

const LATE_WHY: Readonly<Record<Exclude<LatePayment, 'double'>, MessageKey>> = {
  cancelled: 'requests.dm.late_cancelled',
  failed: 'requests.dm.late_failed',
  expired: 'requests.dm.late_expired',
  superseded: 'requests.dm.late_superseded',
};

/** What to do about a second payment: ModelsLab has no refund endpoint. */
export function doublePaymentAdvice(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): string {
  const values = { extra: amountLabel(t, request), session: sessionRef(attempt.sessionId) };
  return t.t(request.purpose === 'fund' ? 'requests.dm.double_fund' : 'requests.dm.double_subscribe', values);
}

/** A new DM to the payer about a payment that arrived late, or a second time. */
export function latePaymentDm(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): Reply {
  const late = attempt.paidAfter ?? 'superseded';
  const amount = amountLabel(t, request);
  const credited =
    request.purpose === 'fund'
      ? t.t('requests.dm.credited', {
          balance:
            attempt.balanceCents !== undefined
              ? t.t('requests.dm.credited_balance', { balance: t.money(attempt.balanceCents) })
              : '',
        })
      : t.t('requests.dm.subscription_confirmed');
  const charge = late === 'double' ? chargeBefore(request, attempt) : undefined;
  const text = charge
    ? doubleAfterChargeDm(t, request, charge, { credited, advice: doublePaymentAdvice(t, request, attempt) })
    : late === 'double'
      ? t.t('requests.dm.late_double', {
          amount,
          id: request.id,
          credited,
          advice: doublePaymentAdvice(t, request, attempt),
        })
      : t.t('requests.dm.late', { amount, why: t.t(LATE_WHY[late]), credited });
  return {
    title: t.t(late === 'double' ? 'requests.dm.late_double_title' : 'requests.dm.late_title', { amount }),
    text,
    context: [requestContext(t, request), attemptLine(t, attempt)],
    tone: late === 'double' ? 'warning' : 'success',
  };
}
