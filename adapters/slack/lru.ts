/**
 * A small bounded cache with a time to live: Map insertion order is the recency order (a hit is
 * re-inserted), so the oldest entry goes first when full. Per workspace, so one busy workspace
 * never evicts another's answers.
 */
import type { Clock } from '../../src/core/shared/ports.ts';

export class TtlLru<V> {
  readonly #entries = new Map<string, { value: V; at: number }>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(options: { readonly max: number; readonly ttlMs: number; readonly clock: Pick<Clock, 'now'> }) {
    this.#max = options.max;
    this.#ttlMs = options.ttlMs;
    this.#clock = options.clock;
  }

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    this.#entries.delete(key);
    if (this.#clock.now() - hit.at >= this.#ttlMs) return undefined;
    this.#entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: this.#clock.now() });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
