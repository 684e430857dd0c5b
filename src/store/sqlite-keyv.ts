/**
 * keyv's storage adapter for the sqlite store, on our own connection (sqlite-connection.ts).
 *
 * It reads and writes the same `keyv (key, value)` table, with the same statements, that
 * @keyv/sqlite did, and keyv still serialises the values: a store file written by the old
 * adapter opens with every value in place (test/store/sqlite-migration.test.ts).
 */
import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { SqliteQuery } from './sqlite-primitives.ts';

export const KEYV_SCHEMA = ['CREATE TABLE IF NOT EXISTS keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )'];

export class SqliteKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'sqlite', table: 'keyv' };
  namespace?: string | undefined;
  readonly #query: SqliteQuery;
  readonly #close: () => Promise<void>;

  constructor(query: SqliteQuery, close: () => Promise<void>) {
    super();
    this.#query = query;
    this.#close = close;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const rows = await this.#query('SELECT value FROM keyv WHERE key = ?', key);
    return rows[0]?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const rows = await this.#query(
      'SELECT key, value FROM keyv WHERE key IN (SELECT value FROM json_each(?))',
      JSON.stringify(keys),
    );
    const byKey = new Map(rows.map((row) => [row.key as string, row.value]));
    return keys.map((key) => byKey.get(key) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.#query(
      'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  async delete(key: string): Promise<boolean> {
    const rows = await this.#query('DELETE FROM keyv WHERE key = ? RETURNING key', key);
    return rows.length > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    const rows = await this.#query(
      'DELETE FROM keyv WHERE key IN (SELECT value FROM json_each(?)) RETURNING key',
      JSON.stringify(keys),
    );
    return rows.length > 0;
  }

  async has(key: string): Promise<boolean> {
    const rows = await this.#query('SELECT 1 AS found FROM keyv WHERE key = ?', key);
    return rows.length > 0;
  }

  async clear(): Promise<void> {
    await this.#query('DELETE FROM keyv WHERE key LIKE ?', this.namespace ? `${this.namespace}:%` : '%');
  }

  async disconnect(): Promise<void> {
    await this.#close();
  }
}
