/**
 * The payer's direct message: the only place the payment URL is ever shown. Later edits of the
 * same DM (paid, expired, cancelled) drop the link button.
 */
import { formatUsd } from '../money.ts';
import { mentionUser, type Reply } from '../reply.ts';
import type { CheckoutAttempt, PaymentRequest } from '../request.ts';
import { tryAgainButton } from './card.ts';
import { formatTime, requestContext, whatFor } from './format.ts';

function amountLabel(request: PaymentRequest): string {
  return formatUsd(request.amountCents ?? 0);
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

export function expiredDm(request: PaymentRequest): Reply {
  return {
    title: 'Payment link expired',
    text: 'The payment link expired before it was paid. The approval still stands: ask for a new link.',
    context: [requestContext(request)],
    buttons: [
      { kind: 'action', action: 'new_link', value: request.id, label: 'New link', style: 'primary' },
      { kind: 'action', action: 'cancel', value: request.id, label: 'Cancel' },
    ],
    tone: 'warning',
  };
}

export function closedDm(request: PaymentRequest): Reply {
  const by = request.closedBy ? ` by ${mentionUser(request.closedBy.id)}` : '';
  const what = request.state === 'cancelled' ? `Cancelled${by}.` : `This request ${request.state}.`;
  return {
    title: 'Payment request closed',
    text: `${what} Please do not use the earlier payment link.`,
    context: [requestContext(request)],
    ...(request.state === 'failed' ? { buttons: [tryAgainButton(request.id)] } : {}),
    tone: 'neutral',
  };
}
