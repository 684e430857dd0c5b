/**
 * Feeds ModelsLab's `X-RateLimit-*` headers into the one shared budget. The budget counts every
 * billing call this bot sends, in every process (the watcher's confirm checks, the engine's
 * mutations through src/billing/budgeted-billing.ts, each retry the transport sends); what it
 * cannot count is the calls other clients of the same ModelsLab account make. The headers can:
 * when a billing-limited answer says the account's window is used up, the budget is blocked
 * until the window resets, so no call of ours is sent into a certain 429.
 *
 * Wire it to the billing client's per-call hook (`onCall` in src/billing/transport.ts; app.ts does).
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
