/**
 * What one confirm-checkout answer means for the watch: a pure function, so the rules read in
 * one place. Unknown answers on a live session mean "not yet". The watch ends only when the
 * session can no longer be paid: paid, expired at ModelsLab, refused for good, or past
 * `expiresAt` plus the grace. Past `expiresAt` a "not yet" (ModelsLab still says open: clocks
 * differ, Stripe expires a little late) is reported once as `expired` for the request, and a
 * "not found" once as such, while the session stays watched in the background until the grace ends.
 */
import { BillingRateLimitedError, BillingUnavailableError } from '../core/shared/errors.ts';
import type { ConfirmOutcome } from '../core/shared/ports.ts';

export type ConfirmDecision =
  /** Hand `outcome` to the engine; `ends`: the watch is over and the session's end is recorded. */
  | { readonly kind: 'final'; readonly outcome: ConfirmOutcome; readonly ends: boolean }
  | { readonly kind: 'again'; readonly unknown?: unknown }
  | { readonly kind: 'rate_limited'; readonly waitMs: number }
  | { readonly kind: 'unavailable'; readonly error: BillingUnavailableError };

export interface DecisionContext {
  readonly checkStartedAt: number;
  readonly expiresAt: number;
  readonly expiryGraceMs: number;
  /** The not-final status already handed to the engine for this session, if any. */
  readonly reported?: ConfirmOutcome['status'] | undefined;
}

export function decide(
  answer: { readonly outcome: ConfirmOutcome } | { readonly failure: unknown },
  context: DecisionContext,
): ConfirmDecision {
  if ('failure' in answer) {
    const { failure } = answer;
    if (failure instanceof BillingRateLimitedError) return { kind: 'rate_limited', waitMs: failure.retryAfterMs };
    if (failure instanceof BillingUnavailableError) return { kind: 'unavailable', error: failure };
  }
  const { checkStartedAt, expiresAt, expiryGraceMs, reported } = context;
  const expired = checkStartedAt >= expiresAt;
  const pastGrace = checkStartedAt >= expiresAt + expiryGraceMs;
  const outcome = 'outcome' in answer ? answer.outcome : undefined;
  if (outcome && outcome.status === 'not_found') {
    if (pastGrace) return { kind: 'final', outcome, ends: true };
    return reported === 'not_found' ? { kind: 'again' } : { kind: 'final', outcome, ends: false };
  }
  if (outcome && outcome.status !== 'pending') return { kind: 'final', outcome, ends: true };
  if (expired) {
    if (pastGrace) return { kind: 'final', outcome: { status: 'expired' }, ends: true };
    if (reported !== 'expired') return { kind: 'final', outcome: { status: 'expired' }, ends: false };
  }
  return 'failure' in answer ? { kind: 'again', unknown: answer.failure } : { kind: 'again' };
}
