/** Small durable values (alert state, settings) straight in keyv, under a `kv:` prefix. */
import type Keyv from 'keyv';
import type { KeyValueStore } from '../core/shared/ports.ts';

export class KeyvValueStore implements KeyValueStore {
  readonly #keyv: Keyv;
  /** `kv:` for the root layout, `t:<tenant>:kv:` for a tenant's (the keyv instance is shared). */
  readonly #prefix: string;

  constructor(keyv: Keyv, tenantPrefix = '') {
    this.#keyv = keyv;
    this.#prefix = `${tenantPrefix}kv:`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#keyv.get<T>(`${this.#prefix}${key}`)) ?? undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.#keyv.set(`${this.#prefix}${key}`, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.#keyv.delete(`${this.#prefix}${key}`);
  }
}
