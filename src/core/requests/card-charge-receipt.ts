/**
 * The receipt of a top-up charged to the card on file, in the card's thread: how it was paid
 * (brand, last four, who charged), never more of the card. And the payer's DM once the request
 * was paid that way: the checkout link is no longer needed, and paying it would pay twice.
 */
import { requestContext, whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { MENTION_APPROVERS, mentionUser, type Reply } from '../shared/reply.ts';
import { succeededCharge } from './card-charge.ts';
import { doublePaymentAdvice } from './payer-dm.ts';
import type { CardChargeAttempt, CheckoutAttempt, PaymentRequest } from './request.ts';

function cardValues(charge: CardChargeAttempt) {
  return { brand: charge.brand, last4: charge.last4, who: mentionUser(charge.by.id) };
}

/** The receipt of one succeeded charge, in `t`'s language (a channel post: the workspace's). */
export function chargeReceipt(
  t: Texts,
  request: PaymentRequest,
  charge: CardChargeAttempt,
  options: { resent?: boolean } = {},
): Reply {
  const amount = t.money(charge.amountCents);
  const balance =
    charge.balanceCents !== undefined ? t.money(charge.balanceCents) : t.t('requests.receipt.not_reported');
  const what = whatFor(t, request);
  const context = [requestContext(t, request)];
  if (options.resent)
    context.push(
      t.t(request.platform === 'discord' ? 'requests.receipt.resent_discord' : 'requests.receipt.resent_thread'),
    );
  const headline = t.t('requests.receipt.fund', { amount, balance });
  // An unanswered charge replayed after the payer had paid the link: the card was charged on a
  // paid request, a second payment the approvers must hear about like any other.
  const link = checkoutBefore(request, charge);
  return {
    title: t.t(link ? 'requests.receipt.double_title' : 'requests.receipt.title', { what }),
    text: link
      ? t.t('cardCharge.receipt_double_after_link', {
          payer: mentionUser(request.payer.id),
          id: request.id,
          ...cardValues(charge),
          headline,
          advice: doublePaymentAdvice(t, request, link),
          approvers: MENTION_APPROVERS,
        })
      : `${headline} ${t.t('cardCharge.receipt_how', cardValues(charge))}`,
    fields: [
      { label: t.t('requests.field.amount'), value: what, short: true },
      { label: t.t('requests.field.new_balance'), value: balance, short: true },
      { label: t.t('requests.field.requester'), value: mentionUser(request.requester.id), short: true },
      {
        label: t.t('requests.field.approver'),
        value: request.approver ? mentionUser(request.approver.id) : t.t('requests.receipt.not_needed'),
        short: true,
      },
      {
        label: t.t('cardCharge.field_paid_with'),
        value: t.t('cardCharge.paid_with', cardValues(charge)),
        short: true,
      },
      { label: t.t('cardCharge.field_charged_by'), value: mentionUser(charge.by.id), short: true },
      { label: t.t('requests.field.time'), value: t.time(charge.settledAt ?? request.updatedAt), short: true },
    ],
    context,
    tone: link ? 'warning' : 'success',
  };
}

/** The checkout payment that paid the request before this charge succeeded (a double payment), if any. */
export function checkoutBefore(request: PaymentRequest, charge: CardChargeAttempt): CheckoutAttempt | undefined {
  if (charge.outcome !== 'succeeded' || charge.settledAt === undefined) return undefined;
  const settledAt = charge.settledAt;
  return request.attempts.find((a) => a.confirmedAt !== undefined && a.confirmedAt < settledAt);
}

/** The charge that paid the request before this checkout attempt was paid (a double payment), if any. */
export function chargeBefore(request: PaymentRequest, attempt: CheckoutAttempt): CardChargeAttempt | undefined {
  const charge = succeededCharge(request);
  if (!charge || attempt.confirmedAt === undefined) return undefined;
  return (charge.settledAt ?? 0) <= attempt.confirmedAt ? charge : undefined;
}

/** The receipt text of a checkout payment that came after the card on file had paid. */
export function doubleAfterChargeText(
  t: Texts,
  request: PaymentRequest,
  charge: CardChargeAttempt,
  parts: { readonly headline: string; readonly advice: string },
): string {
  return t.t('cardCharge.receipt_double', {
    payer: mentionUser(request.payer.id),
    id: request.id,
    ...cardValues(charge),
    headline: parts.headline,
    advice: parts.advice,
    approvers: MENTION_APPROVERS,
  });
}

/** The payer's late DM for a checkout payment after the card on file had paid. */
export function doubleAfterChargeDm(
  t: Texts,
  request: PaymentRequest,
  charge: CardChargeAttempt,
  parts: { readonly credited: string; readonly advice: string },
): string {
  return t.t('cardCharge.dm_late_double', {
    amount: t.money(request.amountCents ?? 0),
    id: request.id,
    brand: charge.brand,
    last4: charge.last4,
    credited: parts.credited,
    advice: parts.advice,
  });
}

/** The link's DM once the card on file paid the request: no Pay button, and why not to pay. */
export function paidByCardDm(t: Texts, request: PaymentRequest, charge: CardChargeAttempt): Reply {
  const amount = t.money(request.amountCents ?? 0);
  return {
    title: t.t('cardCharge.dm_paid_title', { amount }),
    text: t.t('cardCharge.dm_paid', { id: request.id, amount, ...cardValues(charge) }),
    context: [requestContext(t, request)],
    tone: 'success',
  };
}
