/**
 * Pure questions about one request, asked from every room: which person a ref records, and
 * which attempt is the paid one. They live with the request type so each is answered by one
 * function, never a copy. (Which sessions the watcher follows is session-watch.ts's `watchOf` /
 * `liveWatches`, beside them.)
 */

import type { Cents } from '../shared/money.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { Actor, UserRef } from '../shared/types.ts';
import type { CheckoutAttempt, PaymentRequest } from './request.ts';

/** The ref a request, an audit entry or a coupon request records for the person acting. */
export function userRef(actor: Actor): UserRef {
  return { platform: actor.platform, id: actor.id, ...(actor.name !== undefined ? { name: actor.name } : {}) };
}

/** The latest confirmed attempt (or the current one): the payment the DM and the card speak of. */
export function paidAttempt(request: PaymentRequest): CheckoutAttempt | undefined {
  return request.attempts.findLast((a) => a.confirmedAt !== undefined) ?? request.attempts.at(-1);
}

/**
 * Whether `request` may be seen by the engine serving `tenant`: unstamped requests (written
 * before tenants) and engines that know no tenant keep today's behaviour. A request of another
 * tenant must be answered exactly like an id that does not exist, so nobody learns it exists.
 */
export function inTenant(request: PaymentRequest, tenant: TenantId | undefined): boolean {
  return request.tenantId === undefined || tenant === undefined || request.tenantId === tenant;
}

/** One payment that moved money for a request: a confirmed checkout session or a succeeded card charge. */
export interface MoneyMoved {
  readonly at: number;
  readonly cents: Cents;
  readonly how: 'checkout' | 'card';
}

/**
 * Every payment of a request, as budgets (spend.ts) and the spend report count them: each
 * confirmed session counts the request's amount on the day ModelsLab confirmed it, and each
 * succeeded card-on-file charge its amount on the day it succeeded. A double payment counts twice.
 */
export function moneyMoved(request: PaymentRequest): MoneyMoved[] {
  const moved: MoneyMoved[] = [];
  for (const a of request.attempts)
    if (a.confirmedAt !== undefined)
      moved.push({ at: a.confirmedAt, cents: request.amountCents ?? 0, how: 'checkout' });
  for (const c of request.charges ?? [])
    if (c.outcome === 'succeeded' && c.settledAt !== undefined)
      moved.push({ at: c.settledAt, cents: c.amountCents, how: 'card' });
  return moved;
}
