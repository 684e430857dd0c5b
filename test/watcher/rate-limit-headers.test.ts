import { describe, expect, it } from 'vitest';
import { MemoryRateBudget } from '../../src/store/index.ts';
import { honourRateLimitHeaders } from '../../src/watcher/index.ts';

describe('honourRateLimitHeaders', () => {
  const now = Date.UTC(2026, 10, 29, 9, 0, 10);
  const resetAt = Date.UTC(2026, 10, 29, 9, 1, 0);

  it('stops billing calls until the window resets when a billing response says none are left', async () => {
    const budget = new MemoryRateBudget(15);
    const observe = honourRateLimitHeaders(() => budget);
    observe({ method: 'POST', rateLimit: { remaining: 0, resetAt } });
    await Promise.resolve();
    expect(await budget.tryTake(now)).toEqual({ granted: false, waitMs: resetAt - now, blocked: true });
    expect((await budget.tryTake(resetAt)).granted).toBe(true);
  });

  it('ignores general-limiter (GET) headers and windows with calls left', async () => {
    const budget = new MemoryRateBudget(15);
    const observe = honourRateLimitHeaders(() => budget);
    observe({ method: 'GET', rateLimit: { remaining: 0, resetAt } });
    observe({ method: 'POST', rateLimit: { remaining: 3, resetAt } });
    observe({ method: 'POST' });
    await Promise.resolve();
    expect((await budget.tryTake(now)).granted).toBe(true);
  });
});
