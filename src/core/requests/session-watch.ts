/**
 * Which of a request's checkout sessions the watcher must follow, and how urgently. Money follows
 * the session, not the request: every live session is watched until it can no longer be paid;
 * only the current link of a request waiting for payment is waited for, the others (a closed
 * request's, a link a newer one superseded) are checked in the background. Shared by the flow
 * driver and the watcher's restart scan, so both describe a session the same way.
 */
import type { CheckoutWatch, CheckoutWatcher } from '../shared/ports.ts';
import { type CheckoutAttempt, currentAttempt, isLiveSession, type PaymentRequest } from './request.ts';

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

/** Hand every live session of the request to the watcher (idempotent: known ones only change priority). */
export function watchLiveSessions(watcher: CheckoutWatcher, request: PaymentRequest): void {
  for (const attempt of request.attempts) {
    if (!isLiveSession(attempt)) continue;
    const watch = watchOf(request, attempt);
    if (watch) watcher.watch(watch);
  }
}
