/**
 * Small text helpers shared by the views. Times are shown in UTC (teams span time zones) and
 * written for people: "2 Dec, 06:43 UTC", dates "2 Dec 2026". Every time or date a core text
 * shows goes through `formatTime` / `formatDate`, never a raw ISO string or `Date#toString`.
 */

import type { PaymentRequest } from '../requests/request.ts';
import type { Texts } from './i18n.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Epoch ms or an ISO string from ModelsLab; undefined when it is not a time. */
function toDate(when: number | string): Date | undefined {
  const d = new Date(when);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2 Dec, 06:43 UTC". A value that is not a time is shown as given (ModelsLab sent something odd). */
export function formatTime(when: number | string): string {
  const d = toDate(when);
  if (!d) return String(when);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2 Dec 2026": ledger rows, invoices, subscription periods (where the year matters). */
export function formatDate(when: number | string): string {
  const d = toDate(when);
  if (!d) return String(when);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Last 8 characters of a checkout session id: enough to find it, too little to be a secret. */
export function sessionRef(sessionId: string | undefined): string {
  return sessionId ? `…${sessionId.slice(-8)}` : '—';
}

/** "$50.00" for a fund request, "Premium ($99.00)" for a subscription. */
export function whatFor(t: Texts, request: PaymentRequest): string {
  if (request.purpose === 'fund') return t.money(request.amountCents ?? 0);
  const plan = planLabel(t, request);
  return request.amountCents !== undefined
    ? t.t('shared.plan_with_price', { plan, price: t.money(request.amountCents) })
    : plan;
}

/** The plan's name, or "plan 7" when the request was opened without one. */
export function planLabel(t: Texts, request: PaymentRequest): string {
  return request.planName ?? t.t('shared.plan_fallback', { id: String(request.planId) });
}

export function requestTitle(t: Texts, request: PaymentRequest): string {
  return request.purpose === 'fund'
    ? t.t('shared.title_fund', { amount: t.money(request.amountCents ?? 0) })
    : t.t('shared.title_subscribe', { plan: planLabel(t, request) });
}

export function requestContext(t: Texts, request: PaymentRequest): string {
  return t.t('shared.request_context', { id: request.id });
}

/** Free text (a deny reason, a note) placed before another sentence: ends with a full stop. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
