/**
 * Feeds ModelsLab's `X-RateLimit-*` headers on billing answers into the shared budget:
 * - `X-RateLimit-Limit` sets the budget's size (learnLimit: within its floor and the operator's
 *   cap, kept in the store for every process), so the bot spends what the account allows, no
 *   more (no 429 on a smaller account) and no less (faster receipts on a larger one);
 * - `Remaining: 0` closes the budget until `Reset`: payment links and other billing mutations
 *   spend the same server-side window, and so may other clients of the account.
 *
 * Wire it to the billing client's per-call hook (`onCall` in src/billing/transport.ts; app.ts does).
 */
import type { RateBudget } from '../core/shared/ports.ts';

export interface ObservedCall {
  readonly method: string;
  readonly rateLimit?: { readonly remaining: number; readonly resetAt: number; readonly limit?: number };
}

export function honourRateLimitHeaders(budget: () => RateBudget | undefined): (call: ObservedCall) => void {
  // The store is written only when the limit changes, not on every answer.
  let lastLearned: number | undefined;
  return (call) => {
    // GETs count against the general 120/min limiter; its headers say nothing about billing calls.
    if (call.method.toUpperCase() === 'GET' || !call.rateLimit) return;
    const { limit, remaining, resetAt } = call.rateLimit;
    const target = budget();
    if (limit !== undefined && limit !== lastLearned && target?.learnLimit) {
      lastLearned = limit;
      void target.learnLimit(limit).catch(() => {
        lastLearned = undefined;
      });
    }
    if (remaining > 0) return;
    void target?.blockUntil(resetAt).catch(() => {});
  };
}
