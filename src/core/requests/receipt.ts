/**
 * The receipt, posted under the request card (Slack thread, Discord reply) once per paid session.
 * No URL, ever. A payment that arrived after the request was closed, on a superseded link, or a
 * second time says so and mentions the approvers; a double payment says what to do about it.
 */

import { formatTime, requestContext, sessionRef, whatFor } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import { MENTION_APPROVERS, mentionUser, type Reply } from '../shared/reply.ts';
import { doublePaymentAdvice } from './payer-dm.ts';
import type { CheckoutAttempt, LatePayment, PaymentRequest } from './request.ts';

const LATE_LINE: Readonly<Record<Exclude<LatePayment, 'double'>, string>> = {
  cancelled: 'This payment arrived after the request was cancelled. It was credited all the same, not lost.',
  failed: 'This payment arrived after the request was marked failed. It was credited all the same, not lost.',
  expired: 'This payment arrived after the bot had marked the link expired. It was credited all the same, not lost.',
  superseded: 'This payment was made on an older link, after a newer one was sent. It was credited, not lost.',
};

export function receipt(request: PaymentRequest, attempt: CheckoutAttempt, options: { resent?: boolean } = {}): Reply {
  const amount = formatUsd(request.amountCents ?? 0);
  const balance = attempt.balanceCents !== undefined ? formatUsd(attempt.balanceCents) : 'not reported';
  const late = attempt.paidAfter;
  const headline =
    request.purpose === 'fund'
      ? `Payment received: ${amount} added to the ModelsLab wallet. New balance: ${balance}.`
      : `Subscription active: ${request.planName ?? `plan ${request.planId}`}.`;
  const fields = [
    { label: request.purpose === 'fund' ? 'Amount' : 'Plan', value: whatFor(request), short: true },
    ...(request.purpose === 'fund' ? [{ label: 'New balance', value: balance, short: true }] : []),
    { label: 'Requester', value: mentionUser(request.requester.id), short: true },
    { label: 'Approver', value: request.approver ? mentionUser(request.approver.id) : 'not needed', short: true },
    { label: 'Payer', value: mentionUser(request.payer.id), short: true },
    { label: 'Session', value: sessionRef(attempt.sessionId), short: true },
    { label: 'Time', value: formatTime(attempt.confirmedAt ?? request.updatedAt), short: true },
  ];
  const context = [requestContext(request)];
  if (options.resent) {
    const where =
      request.platform === 'discord' ? 'the card already has a receipt reply' : 'this thread already has a receipt';
    context.push(`Re-sent because the first post could not be confirmed: ignore it if ${where}.`);
  }
  if (late === 'double') {
    return {
      title: `Receipt · double payment · ${whatFor(request)}`,
      text: `Double payment: ${mentionUser(request.payer.id)} paid request ${request.id} a second time (an earlier link). ${headline} ${doublePaymentAdvice(request, attempt)} ${MENTION_APPROVERS}, for your records.`,
      fields,
      context,
      tone: 'warning',
    };
  }
  if (late) {
    return {
      title: `Receipt · late payment · ${whatFor(request)}`,
      text: `${headline} ${LATE_LINE[late]} ${MENTION_APPROVERS}, for your records.`,
      fields,
      context,
      tone: 'success',
    };
  }
  return { title: `Receipt · ${whatFor(request)}`, text: headline, fields, context, tone: 'success' };
}
