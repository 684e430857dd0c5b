/**
 * Feeds ModelsLab's `X-RateLimit-*` headers into the shared budget. The budget only counts the
 * watcher's own calls; payment links and other billing mutations spend the same server-side
 * window, so when a response says the window is used up, nobody calls again before it resets.
 *
 * Wire it to the billing client's per-call hook (`onCall` in src/billing/transport.ts).
 */
import type { RateBudget } from '../core/shared/ports.ts';

export interface ObservedCall {
  readonly method: string;
  readonly rateLimit?: { readonly remaining: number; readonly resetAt: number };
}

export function honourRateLimitHeaders(budget: () => RateBudget | undefined): (call: ObservedCall) => void {
  return (call) => {
    // GETs count against the general 120/min limiter; its headers say nothing about billing calls.
    if (call.method.toUpperCase() === 'GET' || !call.rateLimit || call.rateLimit.remaining > 0) return;
    void budget()
      ?.blockUntil(call.rateLimit.resetAt)
      .catch(() => {});
  };
}
