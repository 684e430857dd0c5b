/** The receipt, posted in the thread of the request card once per payment. No URL, ever. */
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
  if (options.resent) context.push('Re-sent after a restart: ignore it if this thread already has a receipt.');
  return { title: `Receipt · ${whatFor(request)}`, text: headline, fields, context, tone: 'success' };
}
