/**
 * Pure questions about one request, asked from every room: which person a ref records, which
 * attempt is the paid one, and which of its sessions the watcher must follow. They live with the
 * request type so the flow driver, the buttons and the watcher's restart scan (src/watcher/
 * resume.ts) answer them with one function each, never a copy.
 *
 * Money follows the session, not the request: every live session is watched until it can no
 * longer be paid; only the current link of a request waiting for payment is waited for, the
 * others (a closed request's, a link a newer one superseded) are checked in the background.
 */
import type { CheckoutWatch } from '../shared/ports.ts';
import type { Actor, UserRef } from '../shared/types.ts';
import { type CheckoutAttempt, currentAttempt, isLiveSession, type PaymentRequest } from './request.ts';

/** The ref a request, an audit entry or a coupon request records for the person acting. */
export function userRef(actor: Actor): UserRef {
  return { platform: actor.platform, id: actor.id, ...(actor.name !== undefined ? { name: actor.name } : {}) };
}

/** The latest confirmed attempt (or the current one): the payment the DM and the card speak of. */
export function paidAttempt(request: PaymentRequest): CheckoutAttempt | undefined {
  return request.attempts.findLast((a) => a.confirmedAt !== undefined) ?? request.attempts.at(-1);
}

/** One session as the watcher follows it; undefined while the attempt has no session yet. */
export function watchOf(request: PaymentRequest, attempt: CheckoutAttempt): CheckoutWatch | undefined {
  if (!attempt.sessionId || attempt.expiresAt === undefined) return undefined;
  const waitedFor =
    attempt === currentAttempt(request) && (request.state === 'awaiting_payment' || request.state === 'link_created');
  return {
    requestId: request.id,
    attempt: attempt.n,
    purpose: request.purpose,
    sessionId: attempt.sessionId,
    expiresAt: attempt.expiresAt,
    ...(waitedFor ? {} : { background: true }),
  };
}

/** Every session of the request that can still be paid, with its attempt: what the watcher must follow. */
export function liveWatches(
  request: PaymentRequest,
): { readonly attempt: CheckoutAttempt; readonly watch: CheckoutWatch }[] {
  const found: { attempt: CheckoutAttempt; watch: CheckoutWatch }[] = [];
  for (const attempt of request.attempts) {
    if (!isLiveSession(attempt)) continue;
    const watch = watchOf(request, attempt);
    if (watch) found.push({ attempt, watch });
  }
  return found;
}
