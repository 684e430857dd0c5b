/**
 * What one confirm-checkout answer means for the watch: a pure function, so the rules read in
 * one place. Unknown answers on a live session mean "not yet"; after `expiresAt` the last check
 * turns "not yet" into `expired`.
 */
import { BillingRateLimitedError, BillingUnavailableError } from '../core/errors.ts';
import type { ConfirmOutcome } from '../core/ports.ts';

export type ConfirmDecision =
  | { readonly kind: 'final'; readonly outcome: ConfirmOutcome }
  | { readonly kind: 'again'; readonly unknown?: unknown }
  | { readonly kind: 'rate_limited'; readonly waitMs: number }
  | { readonly kind: 'unavailable'; readonly error: BillingUnavailableError };

export function decide(
  answer: { readonly outcome: ConfirmOutcome } | { readonly failure: unknown },
  checkStartedAt: number,
  expiresAt: number,
): ConfirmDecision {
  if ('failure' in answer) {
    const { failure } = answer;
    if (failure instanceof BillingRateLimitedError) return { kind: 'rate_limited', waitMs: failure.retryAfterMs };
    if (failure instanceof BillingUnavailableError) return { kind: 'unavailable', error: failure };
  }
  const outcome = 'outcome' in answer ? answer.outcome : undefined;
  if (outcome && outcome.status !== 'pending') return { kind: 'final', outcome };
  if (checkStartedAt >= expiresAt) return { kind: 'final', outcome: { status: 'expired' } };
  return 'failure' in answer ? { kind: 'again', unknown: answer.failure } : { kind: 'again' };
}
