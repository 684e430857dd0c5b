/** The receipt, posted under the request card (Slack thread, Discord reply) once per payment. No URL, ever. */
import { formatUsd } from '../money.ts';
import { mentionUser, type Reply } from '../reply.ts';
import type { CheckoutAttempt, PaymentRequest } from '../request.ts';
import { formatTime, requestContext, sessionRef, whatFor } from './format.ts';

export function receipt(request: PaymentRequest, attempt: CheckoutAttempt, options: { resent?: boolean } = {}): Reply {
  const amount = formatUsd(request.amountCents ?? 0);
  const balance = attempt.balanceCents !== undefined ? formatUsd(attempt.balanceCents) : 'not reported';
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
  return { title: `Receipt · ${whatFor(request)}`, text: headline, fields, context, tone: 'success' };
}
