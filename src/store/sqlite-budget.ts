/**
 * The billing budget on sqlite: the grant log is a table in the store's own file, so a restarted
 * process (after a crash, a deploy, a kill -9) continues the same window instead of starting a
 * fresh one, and two processes opening the file spend one budget.
 *
 * The take is one statement (`INSERT … SELECT … WHERE count < allowed`): sqlite runs it under
 * its write lock, so it is atomic across connections and processes, not just within this one.
 */
import type { RateBudget, TakeOptions } from '../core/ports.ts';
import {
  allowedCount,
  type BudgetShape,
  type BudgetWindowOptions,
  budgetShape,
  pruneBefore,
  waitForRoom,
} from './rate-budget.ts';
import type { SqliteQuery } from './sqlite-primitives.ts';

export const BUDGET_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS mlbot_budget_grant (seq INTEGER PRIMARY KEY AUTOINCREMENT, ns TEXT NOT NULL, name TEXT NOT NULL, at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mlbot_budget_grant_at ON mlbot_budget_grant (ns, name, at)',
  'CREATE TABLE IF NOT EXISTS mlbot_budget_block (ns TEXT NOT NULL, name TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY (ns, name))',
];

/** Old grants are deleted every this many takes (cheap: an indexed range). */
const PRUNE_EVERY = 50;

export class SqliteRateBudget implements RateBudget {
  readonly #query: SqliteQuery;
  readonly #ns: string;
  readonly #name: string;
  readonly #shape: BudgetShape;
  #takesSincePrune = PRUNE_EVERY;

  constructor(query: SqliteQuery, ns: string, name: string, perMinute: number, options: BudgetWindowOptions = {}) {
    this.#query = query;
    this.#ns = ns;
    this.#name = name;
    this.#shape = budgetShape(perMinute, options);
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<{ granted: boolean; waitMs: number }> {
    const now = Math.round(nowMs);
    const since = now - this.#shape.windowMs;
    const allowed = allowedCount(this.#shape, options);
    if (++this.#takesSincePrune >= PRUNE_EVERY) {
      this.#takesSincePrune = 0;
      await this.#query(
        'DELETE FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at <= ?',
        this.#ns,
        this.#name,
        pruneBefore(this.#shape, now),
      );
    }
    const granted = await this.#query(
      `INSERT INTO mlbot_budget_grant (ns, name, at)
       SELECT ?, ?, ?
       WHERE (SELECT COUNT(*) FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at > ?) < ?
         AND NOT EXISTS (SELECT 1 FROM mlbot_budget_block WHERE ns = ? AND name = ? AND until > ?)
       RETURNING seq`,
      this.#ns,
      this.#name,
      now,
      this.#ns,
      this.#name,
      since,
      allowed,
      this.#ns,
      this.#name,
      now,
    );
    if (granted.length > 0) return { granted: true, waitMs: 0 };
    // Refused: how long to wait is a hint, read after the fact (not atomic with the take, and
    // it need not be: the next take decides again).
    const block = await this.#query(
      'SELECT until FROM mlbot_budget_block WHERE ns = ? AND name = ?',
      this.#ns,
      this.#name,
    );
    const until = Number(block[0]?.until ?? 0);
    if (until > now) return { granted: false, waitMs: until - now };
    const rows = await this.#query(
      'SELECT at FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at > ? ORDER BY at',
      this.#ns,
      this.#name,
      since,
    );
    const inWindow = rows.map((r) => Number(r.at));
    return { granted: false, waitMs: waitForRoom(inWindow, allowed, this.#shape, now) };
  }

  async blockUntil(untilMs: number): Promise<void> {
    await this.#query(
      `INSERT INTO mlbot_budget_block (ns, name, until) VALUES (?, ?, ?)
       ON CONFLICT (ns, name) DO UPDATE SET until = excluded.until WHERE mlbot_budget_block.until < excluded.until`,
      this.#ns,
      this.#name,
      Math.ceil(untilMs),
    );
  }
}
