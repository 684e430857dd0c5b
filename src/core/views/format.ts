/** Small text helpers shared by the views. Times are shown in UTC: teams span time zones. */
import { formatUsd } from '../money.ts';
import type { PaymentRequest } from '../request.ts';

export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Last 8 characters of a checkout session id: enough to find it, too little to be a secret. */
export function sessionRef(sessionId: string | undefined): string {
  return sessionId ? `…${sessionId.slice(-8)}` : '—';
}

/** "$50.00" for a fund request, "Pro ($29.00)" for a subscription. */
export function whatFor(request: PaymentRequest): string {
  if (request.purpose === 'fund') return formatUsd(request.amountCents ?? 0);
  const price = request.amountCents !== undefined ? ` (${formatUsd(request.amountCents)})` : '';
  return `${request.planName ?? `plan ${request.planId}`}${price}`;
}

export function requestTitle(request: PaymentRequest): string {
  return request.purpose === 'fund'
    ? `Fund request · ${formatUsd(request.amountCents ?? 0)}`
    : `Subscription request · ${request.planName ?? `plan ${request.planId}`}`;
}

export function requestContext(request: PaymentRequest): string {
  return `Request ${request.id}`;
}
