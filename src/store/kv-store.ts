/** Small durable values (alert state, settings) straight in keyv, under a `kv:` prefix. */
import type Keyv from 'keyv';
import type { KeyValueStore } from '../core/shared/ports.ts';

export class KeyvValueStore implements KeyValueStore {
  readonly #keyv: Keyv;

  constructor(keyv: Keyv) {
    this.#keyv = keyv;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#keyv.get<T>(`kv:${key}`)) ?? undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.#keyv.set(`kv:${key}`, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.#keyv.delete(`kv:${key}`);
  }
}
