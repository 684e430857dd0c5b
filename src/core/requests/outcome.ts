/**
 * What the watcher heard from confirm-checkout, applied to the request. Money follows the
 * session: a payment on any of the request's sessions is recorded whatever the request became
 * (cancelled, failed, expired, superseded by a New link, or already paid: a double payment), and
 * marked so the receipt and the notices say it arrived late. Expiry and "not found" move the
 * request on only when they are about its current attempt; the session's end is recorded on its
 * attempt once the watcher stops watching it (`sessionEnded`), which also takes a closed request
 * out of the store's open index.
 */
import type { CheckoutWatch, ConfirmOutcome } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import { drive } from './driver.ts';
import {
  type CheckoutAttempt,
  currentAttempt,
  isOpen,
  type LatePayment,
  type PaymentRequest,
  type SessionEnd,
} from './request.ts';
import { canTransition } from './state-machine.ts';

export async function applyOutcome(
  s: EngineServices,
  watch: CheckoutWatch,
  outcome: ConfirmOutcome,
  sessionEnded = true,
): Promise<void> {
  if (outcome.status === 'pending') return;
  await s.locks.run(watch.requestId, async () => {
    const request = await s.ledger.get(watch.requestId);
    if (!request) {
      s.logger.warn({ requestId: watch.requestId }, 'checkout outcome for an unknown request');
      return;
    }
    const attempt = request.attempts.find((a) => a.n === watch.attempt);
    if (!attempt || attempt.sessionId !== watch.sessionId) {
      s.logger.warn({ requestId: request.id, attempt: watch.attempt }, 'checkout outcome for an unknown session');
      return;
    }
    await applyOutcomeLocked(s, request, watch, outcome, sessionEnded);
  });
}

/** Apply an outcome to a request the caller already holds the lock for. */
export async function applyOutcomeLocked(
  s: EngineServices,
  request: PaymentRequest,
  watch: CheckoutWatch,
  outcome: ConfirmOutcome,
  sessionEnded = true,
): Promise<void> {
  if (outcome.status === 'pending') return;
  await record(s, request, watch, outcome, sessionEnded);
  await drive(s, request);
}

/** What the request had become when this attempt's payment arrived; undefined if it waited for it. */
function latePayment(request: PaymentRequest, attempt: CheckoutAttempt): LatePayment | undefined {
  if (request.state === 'paid') return 'double';
  if (currentAttempt(request) !== attempt) return 'superseded';
  if (request.state === 'cancelled' || request.state === 'failed' || request.state === 'expired') return request.state;
  return undefined;
}

const LATE_DETAIL: Readonly<Record<LatePayment, string>> = {
  cancelled: 'after the request was cancelled',
  failed: 'after the request failed',
  expired: 'after the link was marked expired',
  superseded: 'on an older link, after a newer one was sent',
  double: 'a second payment: the request was already paid',
};

function endSession(s: EngineServices, attempt: CheckoutAttempt, end: SessionEnd): boolean {
  if (attempt.sessionEnd !== undefined) return false;
  attempt.sessionEnd = end;
  attempt.sessionEndedAt = s.clock.now();
  return true;
}

async function record(
  s: EngineServices,
  request: PaymentRequest,
  watch: CheckoutWatch,
  outcome: Exclude<ConfirmOutcome, { status: 'pending' }>,
  sessionEnded: boolean,
): Promise<void> {
  const attempt = request.attempts.find((a) => a.n === watch.attempt);
  if (!attempt) return;
  const isCurrent = currentAttempt(request) === attempt;
  const note = { sessionId: attempt.sessionId };
  switch (outcome.status) {
    case 'paid': {
      if (attempt.confirmedAt !== undefined) {
        // A repeat answer for a payment already recorded (crash, two processes): nothing new.
        if (endSession(s, attempt, 'paid')) await s.ledger.save(request);
        return;
      }
      const late = latePayment(request, attempt);
      attempt.confirmedAt = s.clock.now();
      endSession(s, attempt, 'paid');
      if (late) attempt.paidAfter = late;
      if (outcome.balanceCents !== undefined) attempt.balanceCents = outcome.balanceCents;
      if (outcome.subscriptionStatus !== undefined) attempt.subscriptionStatus = outcome.subscriptionStatus;
      const confirmed = outcome.alreadyConfirmed ? 'confirmed (already credited earlier)' : 'confirmed';
      const detail = `attempt ${attempt.n} ${confirmed}${late ? `, ${LATE_DETAIL[late]}` : ''}`;
      if (late) s.logger.warn({ requestId: request.id, attempt: attempt.n, late }, 'late payment confirmed');
      if (canTransition(request.state, 'paid')) {
        await s.ledger.transition(request, 'paid', { ...note, detail });
        return;
      }
      if (request.state !== 'paid') {
        s.logger.error({ requestId: request.id, state: request.state }, 'payment confirmed in an unexpected state');
      }
      await s.ledger.saveNoted(request, { ...note, detail });
      return;
    }
    case 'expired': {
      const ended = sessionEnded && endSession(s, attempt, 'expired');
      if (isCurrent && canTransition(request.state, 'expired')) {
        await s.ledger.transition(request, 'expired', { ...note, detail: `attempt ${attempt.n} link expired` });
        return;
      }
      if (ended) await noteEnd(s, request, attempt, 'expired');
      return;
    }
    case 'not_found':
    case 'rejected': {
      const ended = sessionEnded && endSession(s, attempt, outcome.status);
      if (isCurrent && canTransition(request.state, 'failed')) {
        request.reason =
          outcome.status === 'not_found' ? s.texts(s.locale()).t('requests.reason.session_unknown') : outcome.reason;
        await s.ledger.transition(request, 'failed', { ...note, detail: `attempt ${attempt.n} ${outcome.status}` });
        return;
      }
      if (ended) await noteEnd(s, request, attempt, outcome.status);
      return;
    }
  }
}

/** A session of a closed request or an older link ended unpaid: audited, and it leaves the open index. */
async function noteEnd(s: EngineServices, request: PaymentRequest, attempt: CheckoutAttempt, end: SessionEnd) {
  const whose = isOpen(request.state) ? 'an older link' : `a ${request.state} request`;
  await s.ledger.saveNoted(request, {
    sessionId: attempt.sessionId,
    detail: `attempt ${attempt.n} session ended unpaid (${end}) on ${whose}`,
  });
}
