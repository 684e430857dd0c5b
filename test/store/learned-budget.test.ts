/**
 * The budget's size learned from ModelsLab's X-RateLimit-Limit: never above what the headers
 * allow, never above the operator's cap, never below the floor, MODELSLAB_BILLING_PER_MIN as the
 * starting guess; kept in the store (sqlite: the same file, so another process and a restart
 * use it too).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RateBudget } from '../../src/core/shared/ports.ts';
import { createStores, MemoryRateBudget } from '../../src/store/index.ts';
import { honourRateLimitHeaders } from '../../src/watcher/index.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0);

/** Grants in one 62 s window, asking every 100 ms (the pacing bucket spreads them). */
async function grantsInAWindow(budget: RateBudget, from = T0): Promise<number> {
  let granted = 0;
  for (let t = from; t < from + 62_000; t += 100) if ((await budget.tryTake(t)).granted) granted += 1;
  return granted;
}

describe('a budget learned from the headers', () => {
  it('starts at the configured guess, then takes the account limit the headers state (up to the cap)', async () => {
    const budget = new MemoryRateBudget(15, { capPerWindow: 120 });
    expect(await grantsInAWindow(budget)).toBe(15);
    await budget.learnLimit(60);
    expect(budget.currentLimit()).toBe(60);
    expect(await grantsInAWindow(budget, T0 + 200_000)).toBe(60);
  });

  it('a smaller account: never more than the headers allow', async () => {
    const budget = new MemoryRateBudget(15, { capPerWindow: 120 });
    await budget.learnLimit(10);
    expect(await grantsInAWindow(budget)).toBe(10);
  });

  it('the operator cap wins over a larger header; a header of 0 or 1 does not stop the bot (floor 5)', async () => {
    const capped = new MemoryRateBudget(15); // cap defaults to the configured size
    await capped.learnLimit(60);
    expect(await grantsInAWindow(capped)).toBe(15);
    const floored = new MemoryRateBudget(15, { capPerWindow: 120 });
    await floored.learnLimit(0);
    expect(floored.currentLimit()).toBe(5);
  });

  it('every budget handed out by one store shares what was learned', async () => {
    const stores = await createStores('memory://');
    const a = stores.budget(15, { capPerWindow: 120 });
    const b = stores.budget(15, { capPerWindow: 120 });
    await a.learnLimit?.(30);
    expect(b.currentLimit?.()).toBe(30);
    await stores.close();
  });

  it('sqlite: kept in the file, so a restarted process (a new store on the same file) uses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-learned-'));
    try {
      const url = `sqlite://${join(dir, 'bot.sqlite')}`;
      const first = await createStores(url);
      await first.budget(15, { capPerWindow: 120 }).learnLimit?.(60);
      await first.close();
      const second = await createStores(url);
      const budget = second.budget(15, { capPerWindow: 120 });
      expect(await grantsInAWindow(budget)).toBe(60);
      expect(budget.currentLimit?.()).toBe(60);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sqlite: a lower limit learned later applies at once (no 429 on the account)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-learned-'));
    try {
      const stores = await createStores(`sqlite://${join(dir, 'bot.sqlite')}`);
      const budget = stores.budget(15, { capPerWindow: 120 });
      await budget.learnLimit?.(8);
      expect(await grantsInAWindow(budget)).toBe(8);
      await stores.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.REDIS_URL)('redis: kept under the budget key, shared by every process', async () => {
    const namespace = `mlbot-test-learned-${randomUUID()}`;
    const url = process.env.REDIS_URL ?? '';
    const one = await createStores(url, { namespace });
    const two = await createStores(url, { namespace });
    try {
      await one.budget(15, { capPerWindow: 120 }).learnLimit?.(30);
      const other = two.budget(15, { capPerWindow: 120 });
      expect(await grantsInAWindow(other)).toBe(30);
      expect(other.currentLimit?.()).toBe(30);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it("honourRateLimitHeaders: a billing answer's X-RateLimit-Limit sets the size; a GET's does not", async () => {
    const budget = new MemoryRateBudget(15, { capPerWindow: 120 });
    const observe = honourRateLimitHeaders(() => budget);
    observe({ method: 'GET', rateLimit: { remaining: 100, resetAt: T0 + 60_000, limit: 120 } });
    await Promise.resolve();
    expect(budget.currentLimit()).toBe(15);
    observe({ method: 'POST', rateLimit: { remaining: 59, resetAt: T0 + 60_000, limit: 60 } });
    await Promise.resolve();
    expect(budget.currentLimit()).toBe(60);
  });
});
