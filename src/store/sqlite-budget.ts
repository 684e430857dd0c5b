/**
 * The billing budget on sqlite: the grant log and the pacing bucket are tables in the store's own
 * file, so a restarted process (after a crash, a deploy, a kill -9) continues the same window
 * instead of starting a fresh one, and two processes opening the file spend one budget.
 *
 * The take is one statement (`INSERT … SELECT … WHERE room in the window AND tokens in the
 * bucket`) whose trigger spends the bucket's token: sqlite runs a statement and its triggers
 * under its write lock, so a take is atomic across connections and processes, not just within
 * this one. (A multi-statement transaction is not an option: the connection is shared with keyv's
 * writes, which would silently join it.)
 */
import type { RateBudget, TakeOptions, TakeResult } from '../core/shared/ports.ts';
import {
  type BudgetShape,
  type BudgetWindowOptions,
  budgetShape,
  needsFor,
  pruneBefore,
  refilled,
  refusal,
  waitFor,
} from './rate-budget.ts';
import type { SqliteQuery } from './sqlite-primitives.ts';

export const BUDGET_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS mlbot_budget_grant (seq INTEGER PRIMARY KEY AUTOINCREMENT, ns TEXT NOT NULL, name TEXT NOT NULL, at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mlbot_budget_grant_at ON mlbot_budget_grant (ns, name, at)',
  'CREATE TABLE IF NOT EXISTS mlbot_budget_bucket (ns TEXT NOT NULL, name TEXT NOT NULL, tokens REAL NOT NULL, last INTEGER NOT NULL, capacity INTEGER NOT NULL, rate REAL NOT NULL, PRIMARY KEY (ns, name))',
  'CREATE TABLE IF NOT EXISTS mlbot_budget_block (ns TEXT NOT NULL, name TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY (ns, name))',
  `CREATE TRIGGER IF NOT EXISTS mlbot_budget_spend AFTER INSERT ON mlbot_budget_grant
   BEGIN
     UPDATE mlbot_budget_bucket
        SET tokens = MIN(capacity, tokens + MAX(0, NEW.at - last) * rate) - 1, last = MAX(last, NEW.at)
      WHERE ns = NEW.ns AND name = NEW.name;
   END`,
];

/** Old grants are deleted every this many takes (cheap: an indexed range). */
const PRUNE_EVERY = 50;

export class SqliteRateBudget implements RateBudget {
  readonly #query: SqliteQuery;
  readonly #ns: string;
  readonly #name: string;
  readonly #shape: BudgetShape;
  #takesSincePrune = PRUNE_EVERY;
  #bucketReady = false;

  constructor(query: SqliteQuery, ns: string, name: string, perMinute: number, options: BudgetWindowOptions = {}) {
    this.#query = query;
    this.#ns = ns;
    this.#name = name;
    this.#shape = budgetShape(perMinute, options);
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<TakeResult> {
    const now = Math.round(nowMs);
    const shape = this.#shape;
    const since = now - shape.windowMs;
    const needs = needsFor(shape, options);
    await this.#housekeeping(now);
    const granted = await this.#query(
      `INSERT INTO mlbot_budget_grant (ns, name, at)
       SELECT ?, ?, ?
       WHERE (SELECT COUNT(*) FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at > ?) < ?
         AND (SELECT MIN(capacity, tokens + MAX(0, ? - last) * rate) FROM mlbot_budget_bucket WHERE ns = ? AND name = ?) >= ?
         AND NOT EXISTS (SELECT 1 FROM mlbot_budget_block WHERE ns = ? AND name = ? AND until > ?)
       RETURNING seq`,
      ...[this.#ns, this.#name, now],
      ...[this.#ns, this.#name, since, needs.inWindow],
      ...[now, this.#ns, this.#name, needs.tokens],
      ...[this.#ns, this.#name, now],
    );
    if (granted.length > 0) return { granted: true, waitMs: 0 };
    // Refused: how long to wait is a hint, read after the fact (not atomic with the take, and it
    // need not be: the next take decides again).
    const block = await this.#query(
      'SELECT until FROM mlbot_budget_block WHERE ns = ? AND name = ?',
      this.#ns,
      this.#name,
    );
    const rows = await this.#query(
      'SELECT at FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at > ? ORDER BY at',
      this.#ns,
      this.#name,
      since,
    );
    const bucket = await this.#query(
      'SELECT tokens, last FROM mlbot_budget_bucket WHERE ns = ? AND name = ?',
      this.#ns,
      this.#name,
    );
    const row = bucket[0];
    const tokens = refilled(shape, row ? Number(row.tokens) : undefined, row ? Number(row.last) : undefined, now);
    const inWindow = rows.map((r) => Number(r.at));
    const room = inWindow.length < needs.inWindow && tokens >= needs.tokens;
    return refusal(room ? 0 : waitFor(shape, needs, inWindow, tokens, now), Number(block[0]?.until ?? 0) - now);
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

  /** The bucket row (full when new; the configured size and rate) and, now and then, old grants. */
  async #housekeeping(now: number): Promise<void> {
    if (!this.#bucketReady) {
      await this.#query(
        `INSERT INTO mlbot_budget_bucket (ns, name, tokens, last, capacity, rate) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ns, name) DO UPDATE SET capacity = excluded.capacity, rate = excluded.rate`,
        this.#ns,
        this.#name,
        this.#shape.capacity,
        now,
        this.#shape.capacity,
        this.#shape.ratePerMs,
      );
      this.#bucketReady = true;
    }
    if (++this.#takesSincePrune >= PRUNE_EVERY) {
      this.#takesSincePrune = 0;
      await this.#query(
        'DELETE FROM mlbot_budget_grant WHERE ns = ? AND name = ? AND at <= ?',
        this.#ns,
        this.#name,
        pruneBefore(this.#shape, now),
      );
    }
  }
}
