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
 *
 * Rows are keyed by (ns, name): name `billing` is single-team mode's budget, `account:<fingerprint>`
 * one ModelsLab account's in workspaces mode.
 */
import type { RateBudget, TakeOptions, TakeResult } from '../core/shared/ports.ts';
import {
  type BudgetShape,
  type BudgetWindowOptions,
  budgetShape,
  effectiveLimit,
  LIMIT_CACHE_MS,
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
  // What ModelsLab's X-RateLimit-Limit last said (rate-budget.ts): every process and restart uses it.
  'CREATE TABLE IF NOT EXISTS mlbot_budget_limit (ns TEXT NOT NULL, name TEXT NOT NULL, per_window INTEGER NOT NULL, PRIMARY KEY (ns, name))',
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
  readonly #start: number;
  readonly #options: BudgetWindowOptions;
  #shape: BudgetShape;
  #takesSincePrune = PRUNE_EVERY;
  #bucketReady = false;
  /** When the learned limit was last read from the file (another process may have learned it). */
  #limitReadAt = Number.NEGATIVE_INFINITY;

  constructor(query: SqliteQuery, ns: string, name: string, perMinute: number, options: BudgetWindowOptions = {}) {
    this.#query = query;
    this.#ns = ns;
    this.#name = name;
    this.#start = perMinute;
    this.#options = options;
    this.#shape = budgetShape(effectiveLimit(perMinute, undefined, options), options);
  }

  currentLimit(): number {
    return this.#shape.limit;
  }

  async learnLimit(perWindow: number): Promise<void> {
    if (!Number.isFinite(perWindow) || perWindow < 0) return;
    await this.#query(
      `INSERT INTO mlbot_budget_limit (ns, name, per_window) VALUES (?, ?, ?)
       ON CONFLICT (ns, name) DO UPDATE SET per_window = excluded.per_window`,
      this.#ns,
      this.#name,
      Math.floor(perWindow),
    );
    this.#adopt(Math.floor(perWindow));
    await this.#syncBucket();
  }

  /** The shape for the learned limit; the bucket row's rate follows it (see #syncBucket). */
  #adopt(learned: number | undefined): boolean {
    const limit = effectiveLimit(this.#start, learned, this.#options);
    if (limit === this.#shape.limit) return false;
    this.#shape = budgetShape(limit, this.#options);
    return true;
  }

  async #syncBucket(): Promise<void> {
    await this.#query(
      'UPDATE mlbot_budget_bucket SET capacity = ?, rate = ? WHERE ns = ? AND name = ?',
      this.#shape.capacity,
      this.#shape.ratePerMs,
      this.#ns,
      this.#name,
    );
  }

  async #readLimit(now: number): Promise<void> {
    if (now - this.#limitReadAt < LIMIT_CACHE_MS && now >= this.#limitReadAt) return;
    this.#limitReadAt = now;
    const rows = await this.#query(
      'SELECT per_window FROM mlbot_budget_limit WHERE ns = ? AND name = ?',
      this.#ns,
      this.#name,
    );
    const learned = rows[0] ? Number(rows[0].per_window) : undefined;
    if (this.#adopt(learned) && this.#bucketReady) await this.#syncBucket();
  }

  async tryTake(nowMs: number, options?: TakeOptions): Promise<TakeResult> {
    const now = Math.round(nowMs);
    await this.#readLimit(now);
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
