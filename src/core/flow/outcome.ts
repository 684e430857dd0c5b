/**
 * What the watcher heard from confirm-checkout, applied to the request: paid, expired, not
 * found or rejected. Outcomes for an attempt that is no longer current are applied only when
 * they are payments (money that arrived is always recorded).
 */
import type { CheckoutWatch, ConfirmOutcome } from '../ports.ts';
import { currentAttempt, type PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import { canTransition } from '../state-machine.ts';
import { drive } from './driver.ts';

export async function applyOutcome(s: EngineServices, watch: CheckoutWatch, outcome: ConfirmOutcome): Promise<void> {
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
    await applyOutcomeLocked(s, request, watch, outcome);
  });
}

/** Apply an outcome to a request the caller already holds the lock for. */
export async function applyOutcomeLocked(
  s: EngineServices,
  request: PaymentRequest,
  watch: CheckoutWatch,
  outcome: ConfirmOutcome,
): Promise<void> {
  if (outcome.status === 'pending') return;
  await record(s, request, watch, outcome);
  await drive(s, request);
}

async function record(
  s: EngineServices,
  request: PaymentRequest,
  watch: CheckoutWatch,
  outcome: Exclude<ConfirmOutcome, { status: 'pending' }>,
): Promise<void> {
  const attempt = request.attempts.find((a) => a.n === watch.attempt);
  if (!attempt) return;
  const isCurrent = currentAttempt(request) === attempt;
  switch (outcome.status) {
    case 'paid': {
      if (request.state === 'paid') return;
      attempt.confirmedAt = s.clock.now();
      if (outcome.balanceCents !== undefined) attempt.balanceCents = outcome.balanceCents;
      if (outcome.subscriptionStatus !== undefined) attempt.subscriptionStatus = outcome.subscriptionStatus;
      if (!canTransition(request.state, 'paid')) {
        s.logger.error({ requestId: request.id, state: request.state }, 'payment confirmed in an unexpected state');
        await s.ledger.save(request);
        return;
      }
      const detail = outcome.alreadyConfirmed ? 'confirmed (already credited earlier)' : 'confirmed';
      await s.ledger.transition(request, 'paid', { detail: `attempt ${attempt.n} ${detail}` });
      return;
    }
    case 'expired':
      if (isCurrent && canTransition(request.state, 'expired')) {
        await s.ledger.transition(request, 'expired', { detail: `attempt ${attempt.n} link expired` });
      }
      return;
    case 'not_found':
    case 'rejected':
      if (isCurrent && canTransition(request.state, 'failed')) {
        request.reason =
          outcome.status === 'not_found' ? 'ModelsLab does not know this checkout session.' : outcome.reason;
        await s.ledger.transition(request, 'failed', { detail: `attempt ${attempt.n} ${outcome.status}` });
      }
      return;
  }
}
