/**
 * A counter at the simulator's door: every HTTP attempt it received on an endpoint ModelsLab
 * counts against the billing limiter (whatever it answered, hung calls included), and the most
 * of them in any rolling window. What the account's limit sees, independent of what the bot
 * believes it spent.
 */
import type { CallRecord } from '../../src/sandbox/index.ts';
import { limiterFor } from '../../src/sandbox/rate-limit.ts';

export function billingAttempts(calls: readonly CallRecord[], sinceMs = Number.NEGATIVE_INFINITY): number[] {
  return calls
    .filter((c) => c.at >= sinceMs && limiterFor(c.method, c.path) === 'billing')
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/** The most attempts in any window of `windowMs` (a rolling window, not ModelsLab's fixed ones). */
export function busiestWindow(times: readonly number[], windowMs = 60_000): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
