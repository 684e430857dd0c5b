/**
 * The billing budget on Redis: one sliding log of grant times for every process on the account
 * (a sorted set under `<ns>:budget:billing:log`), taken from by a Lua script so each take is
 * atomic on the server. Callers pass their own clock's `nowMs`; hosts are expected to be
 * NTP-synchronised, and the window's margin (rate-budget.ts) covers the skew that remains.
 */
import type { RateBudget, TakeOptions } from '../core/ports.ts';
import { allowedCount, type BudgetShape, type BudgetWindowOptions, budgetShape } from './rate-budget.ts';
import type { RedisClient } from './redis-primitives.ts';
import { BUDGET_BLOCK, BUDGET_TAKE } from './redis-scripts.ts';

export class RedisRateBudget implements RateBudget {
  readonly #client: RedisClient;
  readonly #keys: { log: string; block: string; seq: string };
  readonly #shape: BudgetShape;

  constructor(client: RedisClient, key: string, perMinute: number, options: BudgetWindowOptions = {}) {
    this.#client = client;
    this.#keys = { log: `${key}:log`, block: `${key}:block`, seq: `${key}:seq` };
    this.#shape = budgetShape(perMinute, options);
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<{ granted: boolean; waitMs: number }> {
    const { log, block, seq } = this.#keys;
    const reply = (await this.#client.eval(BUDGET_TAKE, {
      keys: [log, block, seq],
      arguments: [String(Math.round(nowMs)), String(this.#shape.windowMs), String(allowedCount(this.#shape, options))],
    })) as [number, number];
    return { granted: reply[0] === 1, waitMs: Number(reply[1]) };
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
