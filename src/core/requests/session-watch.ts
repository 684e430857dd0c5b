/**
 * Which of a request's checkout sessions the watcher must follow, and how urgently. Money follows
 * the session, not the request: every live session is watched until it can no longer be paid;
 * only the current link of a request waiting for payment is waited for, the others (a closed
 * request's, a link a newer one superseded) are checked in the background. `liveWatches` is the
 * one mapping from a request to its watches: the flow driver hands them to the watcher here, and
 * the watcher's restart scan (src/watcher/resume.ts) reads them the same way.
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

/** Hand every live session of the request to the watcher (idempotent: known ones only change priority). */
export function watchLiveSessions(watcher: CheckoutWatcher, request: PaymentRequest): void {
  for (const { watch } of liveWatches(request)) watcher.watch(watch);
}
