/**
 * What the tracked pay link (`<PUBLIC_URL>/pay/<token>`) shows when the payer opens it: a pure
 * decision from the request, the attempt the token belongs to and the time. The HTTP side
 * (src/http/pay-page.ts) only renders it; this file knows no HTTP.
 *
 * Order matters, because money follows the session (docs/reliability.md): a payment already
 * confirmed is said first; a cancelled/failed request's page says the old session would still be
 * credited if paid; a superseded link points to the newer DM; an ended or expired session says
 * so; only a session that can still be paid and that someone waits for redirects to Stripe.
 */

import { formatTime, whatFor } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import { type CheckoutAttempt, currentAttempt, type PaymentRequest } from './request.ts';

export type PayPageKind = 'redirect' | 'paid' | 'replaced' | 'expired' | 'cancelled';

export interface PayPage {
  readonly kind: PayPageKind;
  /** Only for `redirect`: the checkout URL (never logged, never shown in a channel). */
  readonly redirectTo?: string;
  readonly title: string;
  readonly lines: readonly string[];
}

/** "a $25.00 wallet top-up" or "Premium ($99.00)": what the link pays for, once. */
function subject(request: PaymentRequest): string {
  return request.purpose === 'fund' ? `a ${formatUsd(request.amountCents ?? 0)} wallet top-up` : whatFor(request);
}

function paidPage(request: PaymentRequest, attempt: CheckoutAttempt): PayPage {
  const lines = [`The payment for ${subject(request)} was received at ${formatTime(attempt.confirmedAt ?? 0)}.`];
  if (request.purpose === 'fund' && attempt.balanceCents !== undefined)
    lines.push(`Wallet balance after this payment: ${formatUsd(attempt.balanceCents)}.`);
  if (request.purpose === 'subscribe' && attempt.subscriptionStatus)
    lines.push(`Subscription status: ${attempt.subscriptionStatus}.`);
  lines.push(
    `Request ${request.id}, attempt ${attempt.n}. The receipt is in the request's thread. Nothing more to pay.`,
  );
  return { kind: 'paid', title: 'Already paid', lines };
}

/** The truth about paying an old session: credited if it goes through, while Stripe still takes it. */
function oldSessionLine(attempt: CheckoutAttempt, now: number): string {
  const ends = attempt.expiresAt;
  if (attempt.sessionEnd === 'expired' || (ends !== undefined && ends <= now))
    return 'This link can no longer be paid. If a payment on it went through anyway, it is credited and receipted, not lost.';
  return 'A payment already made on this link would still be credited to the account and receipted, not lost.';
}

export function payPageState(request: PaymentRequest, attempt: CheckoutAttempt, now: number): PayPage {
  if (attempt.confirmedAt !== undefined) return paidPage(request, attempt);
  // Paid through another (newer) link of the same request: the receipt of that payment.
  const paidOther = request.state === 'paid' ? request.attempts.find((a) => a.confirmedAt !== undefined) : undefined;
  if (paidOther) return paidPage(request, paidOther);
  const ref = `Request ${request.id}, attempt ${attempt.n}.`;
  if (request.state === 'cancelled' || request.state === 'failed' || request.state === 'denied') {
    const how = request.state === 'cancelled' ? 'was cancelled' : request.state === 'denied' ? 'was denied' : 'failed';
    return {
      kind: 'cancelled',
      title: `This request ${how}`,
      lines: [
        `The request for ${subject(request)} ${how}, so there is nothing to pay.`,
        oldSessionLine(attempt, now),
        ref,
      ],
    };
  }
  const current = currentAttempt(request);
  if (current && current.n > attempt.n) {
    return {
      kind: 'replaced',
      title: 'This link was replaced',
      lines: [
        'A newer link was sent to you by DM: use the Pay button in that message.',
        oldSessionLine(attempt, now),
        ref,
      ],
    };
  }
  const expired =
    attempt.sessionEnd !== undefined ||
    attempt.expiresAt === undefined ||
    attempt.expiresAt <= now ||
    request.state === 'expired' ||
    request.state === 'paid';
  if (expired || !attempt.paymentUrl) {
    return {
      kind: 'expired',
      title: 'This link has expired',
      lines: [
        `This payment link ended at ${formatTime(attempt.expiresAt ?? now)}.`,
        'Click "New link" in your DM from the bot to get a fresh one under the same approval.',
        ref,
      ],
    };
  }
  return { kind: 'redirect', redirectTo: attempt.paymentUrl, title: 'Taking you to the payment page', lines: [] };
}
