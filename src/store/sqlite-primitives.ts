/**
 * sqlite backend: plain tables in the same file keyv writes its values to, reached through the
 * store's one connection (`query`, sqlite-connection.ts), which keyv's adapter shares.
 *
 * Atomicity comes from single SQL statements (`INSERT … ON CONFLICT DO UPDATE … WHERE`), not a
 * process-local mutex: a statement is atomic in sqlite even if a second process (a CLI export, an
 * operator's restart overlapping the old process) opens the file, which a mutex could not cover.
 * `RETURNING` tells whether the row was written.
 */
import type { RateBudget } from '../core/shared/ports.ts';
import type { StorePrimitives } from './primitives.ts';
import type { BudgetLimits } from './rate-budget.ts';
import type { ScopeContents } from './scope-contents.ts';
import { BUDGET_SCHEMA, SqliteRateBudget } from './sqlite-budget.ts';

export type SqliteQuery = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS mlbot_once (ns TEXT NOT NULL, key TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (ns, key))',
  'CREATE TABLE IF NOT EXISTS mlbot_lease (ns TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (ns, key))',
  'CREATE TABLE IF NOT EXISTS mlbot_open (ns TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ns, id))',
  'CREATE TABLE IF NOT EXISTS mlbot_created (ns TEXT NOT NULL, id TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (ns, id))',
  'CREATE INDEX IF NOT EXISTS mlbot_created_at ON mlbot_created (ns, created_at)',
  'CREATE TABLE IF NOT EXISTS mlbot_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, ns TEXT NOT NULL, at INTEGER NOT NULL, entry TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS mlbot_audit_at ON mlbot_audit (ns, at, seq)',
  ...BUDGET_SCHEMA,
];

/** Every table whose rows carry a scope's ns (keyv's table is keyed by the whole key instead). */
const SCOPED_TABLES = [
  'mlbot_once',
  'mlbot_lease',
  'mlbot_open',
  'mlbot_created',
  'mlbot_audit',
  'mlbot_budget_grant',
  'mlbot_budget_bucket',
  'mlbot_budget_block',
  'mlbot_budget_limit',
] as const;

export class SqlitePrimitives implements StorePrimitives {
  readonly #query: SqliteQuery;
  readonly #ns: string;
  readonly #now: () => number;
  #claimsSinceSweep = 0;

  private constructor(query: SqliteQuery, ns: string, now: () => number) {
    this.#query = query;
    this.#ns = ns;
    this.#now = now;
  }

  /** Creates the tables (the connection has set WAL and synchronous = FULL when it opened). */
  static async open(query: SqliteQuery, ns: string, now: () => number = Date.now): Promise<SqlitePrimitives> {
    for (const statement of SCHEMA) await query(statement);
    return new SqlitePrimitives(query, ns, now);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const rows = await this.#query(
      `INSERT INTO mlbot_once (ns, key, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (ns, key) DO UPDATE SET expires_at = excluded.expires_at WHERE mlbot_once.expires_at <= ?
       RETURNING key`,
      this.#ns,
      key,
      now + ttlMs,
      now,
    );
    if (++this.#claimsSinceSweep >= 1000) {
      this.#claimsSinceSweep = 0;
      await this.#query('DELETE FROM mlbot_once WHERE ns = ? AND expires_at <= ?', this.#ns, now);
    }
    return rows.length > 0;
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const rows = await this.#query(
      `INSERT INTO mlbot_lease (ns, key, owner, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (ns, key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE mlbot_lease.expires_at <= ? OR mlbot_lease.owner = excluded.owner
       RETURNING key`,
      this.#ns,
      key,
      owner,
      now + ttlMs,
      now,
    );
    return rows.length > 0;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const rows = await this.#query(
      `UPDATE mlbot_lease SET expires_at = ? WHERE ns = ? AND key = ? AND owner = ? AND expires_at > ? RETURNING key`,
      now + ttlMs,
      this.#ns,
      key,
      owner,
      now,
    );
    return rows.length > 0;
  }

  async timeLeft(key: string): Promise<number> {
    const rows = await this.#query('SELECT expires_at FROM mlbot_lease WHERE ns = ? AND key = ?', this.#ns, key);
    return Math.max(0, Number(rows[0]?.expires_at ?? 0) - this.#now());
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#query('DELETE FROM mlbot_lease WHERE ns = ? AND key = ? AND owner = ?', this.#ns, key, owner);
  }

  async openAdd(id: string): Promise<void> {
    await this.#query('INSERT OR IGNORE INTO mlbot_open (ns, id) VALUES (?, ?)', this.#ns, id);
  }

  async openRemove(id: string): Promise<void> {
    await this.#query('DELETE FROM mlbot_open WHERE ns = ? AND id = ?', this.#ns, id);
  }

  async openIds(): Promise<string[]> {
    const rows = await this.#query('SELECT id FROM mlbot_open WHERE ns = ?', this.#ns);
    return rows.map((r) => String(r.id));
  }

  /** Keyset paging on the primary key: each batch is one indexed range read, whatever the size. */
  async *openIdBatches(batchSize: number): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const rows = await this.#query(
        'SELECT id FROM mlbot_open WHERE ns = ? AND id > ? ORDER BY id LIMIT ?',
        this.#ns,
        after,
        batchSize,
      );
      const ids = rows.map((r) => String(r.id));
      const last = ids.at(-1);
      if (last === undefined) return;
      yield ids;
      if (ids.length < batchSize) return;
      after = last;
    }
  }

  async createdAdd(id: string, createdAt: number): Promise<void> {
    await this.#query(
      'INSERT OR IGNORE INTO mlbot_created (ns, id, created_at) VALUES (?, ?, ?)',
      this.#ns,
      id,
      createdAt,
    );
  }

  async createdSince(sinceMs: number): Promise<string[]> {
    const rows = await this.#query('SELECT id FROM mlbot_created WHERE ns = ? AND created_at >= ?', this.#ns, sinceMs);
    return rows.map((r) => String(r.id));
  }

  async auditAppend(at: number, json: string): Promise<void> {
    await this.#query('INSERT INTO mlbot_audit (ns, at, entry) VALUES (?, ?, ?)', this.#ns, at, json);
  }

  async auditSince(sinceMs: number): Promise<string[]> {
    const rows = await this.#query(
      'SELECT entry FROM mlbot_audit WHERE ns = ? AND at >= ? ORDER BY at, seq',
      this.#ns,
      sinceMs,
    );
    return rows.map((r) => String(r.entry));
  }

  /** The grant log is a table in this file: a restart continues the same window (sqlite-budget.ts). */
  budget(perMinute: number, limits: BudgetLimits = {}, account?: string): RateBudget {
    const name = account === undefined ? 'billing' : `account:${account}`;
    return new SqliteRateBudget(this.#query, this.#ns, name, perMinute, limits);
  }

  /** The same tables, rows keyed by the tenant's namespace (`<ns>:t:<tenant>`). */
  scoped(prefix: string): StorePrimitives {
    return new SqlitePrimitives(this.#query, `${this.#ns}:${prefix}`, this.#now);
  }

  /**
   * One transaction: every statement is asked for in the same turn, so the connection sends them
   * as one batch (sqlite-connection.ts), counted and deleted under one BEGIN IMMEDIATE … COMMIT.
   * Nothing another process writes can land between the count and the delete, and a crash or a
   * full disk leaves the scope whole (a DELETE fails only with the transaction). Rows match the
   * scope's ns exactly; keyv keys by range (`<ns>:` ≤ key < `<ns>;`), which uses the primary key
   * and needs no LIKE escaping (`_` is a LIKE wildcard and allowed in tenant ids).
   */
  async dropScope(prefix: string, dryRun: boolean): Promise<ScopeContents> {
    const ns = `${this.#ns}:${prefix}`;
    const from = `${ns}:`;
    const to = `${ns};`;
    const count = (sql: string, ...params: unknown[]) =>
      this.#query(sql, ...params).then((rows) => Number(rows[0]?.n ?? 0));
    const counted = Promise.all([
      count('SELECT count(*) AS n FROM keyv WHERE key >= ? AND key < ?', `${from}req:`, `${from}req;`),
      count('SELECT count(*) AS n FROM keyv WHERE key >= ? AND key < ?', from, to),
      count('SELECT count(*) AS n FROM mlbot_once WHERE ns = ?', ns),
      count('SELECT count(*) AS n FROM mlbot_lease WHERE ns = ?', ns),
      count(
        'SELECT (SELECT count(*) FROM mlbot_open WHERE ns = ?) + (SELECT count(*) FROM mlbot_created WHERE ns = ?) AS n',
        ns,
        ns,
      ),
      count('SELECT count(*) AS n FROM mlbot_audit WHERE ns = ?', ns),
    ]);
    const deleted = dryRun
      ? Promise.resolve()
      : Promise.all([
          this.#query('DELETE FROM keyv WHERE key >= ? AND key < ?', from, to),
          ...SCOPED_TABLES.map((table) => this.#query(`DELETE FROM ${table} WHERE ns = ?`, ns)),
        ]);
    const [[requests, keyv, claims, leases, indexEntries, auditEntries]] = await Promise.all([counted, deleted]);
    return { requests, values: keyv - requests, claims, leases, indexEntries, auditEntries };
  }

  async ping(): Promise<boolean> {
    const rows = await this.#query('SELECT 1 AS ok');
    return rows[0]?.ok === 1;
  }

  /** The connection is closed by keyv's adapter (sqlite-keyv.ts), which shares it. */
  async close(): Promise<void> {}
}
