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

import { whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { succeededCharge } from './card-charge.ts';
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
function subject(t: Texts, request: PaymentRequest): string {
  return request.purpose === 'fund'
    ? t.t('requests.page.subject_fund', { amount: t.money(request.amountCents ?? 0) })
    : whatFor(t, request);
}

function paidPage(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt): PayPage {
  const lines = [
    t.t('requests.page.paid_at', { subject: subject(t, request), time: t.time(attempt.confirmedAt ?? 0) }),
  ];
  if (request.purpose === 'fund' && attempt.balanceCents !== undefined)
    lines.push(t.t('requests.page.balance_after', { balance: t.money(attempt.balanceCents) }));
  if (request.purpose === 'subscribe' && attempt.subscriptionStatus)
    lines.push(t.t('requests.page.subscription_status', { status: attempt.subscriptionStatus }));
  lines.push(t.t('requests.page.paid_ref', { id: request.id, n: String(attempt.n) }));
  return { kind: 'paid', title: t.t('requests.page.paid_title'), lines };
}

/** The truth about paying an old session: credited if it goes through, while Stripe still takes it. */
function oldSessionLine(t: Texts, attempt: CheckoutAttempt, now: number): string {
  const ends = attempt.expiresAt;
  if (attempt.sessionEnd === 'expired' || (ends !== undefined && ends <= now)) return t.t('requests.page.old_ended');
  return t.t('requests.page.old_payable');
}

/** The page in `t`'s language: the payer's (the request's locale). */
export function payPageState(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): PayPage {
  if (attempt.confirmedAt !== undefined) return paidPage(t, request, attempt);
  // Paid through another (newer) link of the same request: the receipt of that payment.
  const paidOther = request.state === 'paid' ? request.attempts.find((a) => a.confirmedAt !== undefined) : undefined;
  if (paidOther) return paidPage(t, request, paidOther);
  // Paid with the card on file: this link must not take the money a second time.
  const charge = succeededCharge(request);
  if (charge)
    return {
      kind: 'paid',
      title: t.t('requests.page.paid_title'),
      lines: [
        t.t('cardCharge.page_paid', {
          subject: subject(t, request),
          brand: charge.brand,
          last4: charge.last4,
          time: t.time(charge.settledAt ?? request.updatedAt),
        }),
        t.t('requests.page.paid_ref', { id: request.id, n: String(attempt.n) }),
      ],
    };
  const ref = t.t('requests.page.ref', { id: request.id, n: String(attempt.n) });
  if (request.state === 'cancelled' || request.state === 'failed' || request.state === 'denied') {
    const how = request.state;
    return {
      kind: 'cancelled',
      title: t.t('requests.page.closed_title', { how }),
      lines: [t.t('requests.page.closed', { subject: subject(t, request), how }), oldSessionLine(t, attempt, now), ref],
    };
  }
  const current = currentAttempt(request);
  if (current && current.n > attempt.n) {
    return {
      kind: 'replaced',
      title: t.t('requests.page.replaced_title'),
      lines: [t.t('requests.page.replaced'), oldSessionLine(t, attempt, now), ref],
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
      title: t.t('requests.page.expired_title'),
      lines: [
        t.t('requests.page.expired_at', { time: t.time(attempt.expiresAt ?? now) }),
        t.t('requests.page.expired_new_link'),
        ref,
      ],
    };
  }
  return { kind: 'redirect', redirectTo: attempt.paymentUrl, title: t.t('requests.page.redirect_title'), lines: [] };
}
