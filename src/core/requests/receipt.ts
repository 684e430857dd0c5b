/**
 * The receipt, posted under the request card (Slack thread, Discord reply) once per paid session.
 * No URL, ever. A payment that arrived after the request was closed, on a superseded link, or a
 * second time says so and mentions the approvers; a double payment says what to do about it.
 */

import { planLabel, requestContext, sessionRef, whatFor } from '../shared/format.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { MENTION_APPROVERS, mentionUser, type Reply } from '../shared/reply.ts';
import { chargeBefore, doubleAfterChargeText } from './card-charge-receipt.ts';
import { doublePaymentAdvice } from './payer-dm.ts';
import type { CheckoutAttempt, LatePayment, PaymentRequest } from './request.ts';

const LATE_LINE: Readonly<Record<Exclude<LatePayment, 'double'>, MessageKey>> = {
  cancelled: 'requests.receipt.late_cancelled',
  failed: 'requests.receipt.late_failed',
  expired: 'requests.receipt.late_expired',
  superseded: 'requests.receipt.late_superseded',
};

/** The receipt in `t`'s language: a channel post, so the workspace's. */
export function receipt(
  t: Texts,
  request: PaymentRequest,
  attempt: CheckoutAttempt,
  options: { resent?: boolean } = {},
): Reply {
  const amount = t.money(request.amountCents ?? 0);
  const balance =
    attempt.balanceCents !== undefined ? t.money(attempt.balanceCents) : t.t('requests.receipt.not_reported');
  const late = attempt.paidAfter;
  const headline =
    request.purpose === 'fund'
      ? t.t('requests.receipt.fund', { amount, balance })
      : t.t('requests.receipt.subscribe', { plan: planLabel(t, request) });
  const what = whatFor(t, request);
  const fields = [
    {
      label: t.t(request.purpose === 'fund' ? 'requests.field.amount' : 'requests.field.plan'),
      value: what,
      short: true,
    },
    ...(request.purpose === 'fund' ? [{ label: t.t('requests.field.new_balance'), value: balance, short: true }] : []),
    { label: t.t('requests.field.requester'), value: mentionUser(request.requester.id), short: true },
    {
      label: t.t('requests.field.approver'),
      value: request.approver ? mentionUser(request.approver.id) : t.t('requests.receipt.not_needed'),
      short: true,
    },
    { label: t.t('requests.field.payer'), value: mentionUser(request.payer.id), short: true },
    { label: t.t('requests.field.session'), value: sessionRef(attempt.sessionId), short: true },
    { label: t.t('requests.field.time'), value: t.time(attempt.confirmedAt ?? request.updatedAt), short: true },
  ];
  const context = [requestContext(t, request)];
  if (options.resent)
    context.push(
      t.t(request.platform === 'discord' ? 'requests.receipt.resent_discord' : 'requests.receipt.resent_thread'),
    );
  if (late === 'double') {
    // Paid on the link after the card on file had paid: the receipt says which came first.
    const charge = chargeBefore(request, attempt);
    const advice = doublePaymentAdvice(t, request, attempt);
    return {
      title: t.t('requests.receipt.double_title', { what }),
      text: charge
        ? doubleAfterChargeText(t, request, charge, { headline, advice })
        : t.t('requests.receipt.double', {
            payer: mentionUser(request.payer.id),
            id: request.id,
            headline,
            advice,
            approvers: MENTION_APPROVERS,
          }),
      fields,
      context,
      tone: 'warning',
    };
  }
  if (late) {
    return {
      title: t.t('requests.receipt.late_title', { what }),
      text: t.t('requests.receipt.late', { headline, line: t.t(LATE_LINE[late]), approvers: MENTION_APPROVERS }),
      fields,
      context,
      tone: 'success',
    };
  }
  return { title: t.t('requests.receipt.title', { what }), text: headline, fields, context, tone: 'success' };
}
