/**
 * The billing budget on Redis: one sliding log of grant times (a sorted set under
 * `<ns>:budget:billing:log`, or `<ns>:budget:account:<fingerprint>:log` for one account in
 * workspaces mode) and one pacing bucket for every process on the account, taken from by
 * a Lua script so each take is atomic on the server. Callers pass their own clock's `nowMs`; hosts are expected to be
 * NTP-synchronised, and the window's margin (rate-budget.ts) covers the skew that remains.
 */
import type { RateBudget, TakeOptions, TakeResult } from '../core/shared/ports.ts';
import {
  type BudgetShape,
  type BudgetWindowOptions,
  budgetShape,
  effectiveLimit,
  LIMIT_CACHE_MS,
  needsFor,
} from './rate-budget.ts';
import type { RedisClient } from './redis-primitives.ts';
import { BUDGET_BLOCK, BUDGET_TAKE } from './redis-scripts.ts';

export class RedisRateBudget implements RateBudget {
  readonly #client: RedisClient;
  readonly #keys: { log: string; block: string; seq: string; bucket: string; limit: string };
  readonly #start: number;
  readonly #options: BudgetWindowOptions;
  #shape: BudgetShape;
  #limitReadAt = Number.NEGATIVE_INFINITY;

  constructor(client: RedisClient, key: string, perMinute: number, options: BudgetWindowOptions = {}) {
    this.#client = client;
    this.#keys = {
      log: `${key}:log`,
      block: `${key}:block`,
      seq: `${key}:seq`,
      bucket: `${key}:bucket`,
      // What ModelsLab's X-RateLimit-Limit last said, for every process (rate-budget.ts).
      limit: `${key}:limit`,
    };
    this.#start = perMinute;
    this.#options = options;
    this.#shape = budgetShape(effectiveLimit(perMinute, undefined, options), options);
  }

  currentLimit(): number {
    return this.#shape.limit;
  }

  async learnLimit(perWindow: number): Promise<void> {
    if (!Number.isFinite(perWindow) || perWindow < 0) return;
    await this.#client.set(this.#keys.limit, String(Math.floor(perWindow)));
    this.#adopt(Math.floor(perWindow));
  }

  #adopt(learned: number | undefined): void {
    const limit = effectiveLimit(this.#start, learned, this.#options);
    if (limit !== this.#shape.limit) this.#shape = budgetShape(limit, this.#options);
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<TakeResult> {
    if (nowMs - this.#limitReadAt >= LIMIT_CACHE_MS || nowMs < this.#limitReadAt) {
      this.#limitReadAt = nowMs;
      const stored = await this.#client.get(this.#keys.limit);
      this.#adopt(stored === null || stored === undefined ? undefined : Number(stored));
    }
    const { log, block, seq, bucket } = this.#keys;
    const needs = needsFor(this.#shape, options);
    const reply = (await this.#client.eval(BUDGET_TAKE, {
      keys: [log, block, seq, bucket],
      arguments: [
        String(Math.round(nowMs)),
        String(this.#shape.windowMs),
        String(needs.inWindow),
        String(this.#shape.capacity),
        String(this.#shape.ratePerMs),
        String(needs.tokens),
      ],
    })) as [number, number, number?];
    return { granted: reply[0] === 1, waitMs: Number(reply[1]), ...(reply[2] === 1 ? { blocked: true } : {}) };
  }

  async blockUntil(untilMs: number): Promise<void> {
    // Kept a window past `until`, so a lagging clock still sees it.
    const ttl = Math.ceil(Math.max(0, untilMs - Date.now()) + 3 * this.#shape.windowMs);
    await this.#client.eval(BUDGET_BLOCK, {
      keys: [this.#keys.block],
      arguments: [String(Math.ceil(untilMs)), String(ttl)],
    });
  }
}
