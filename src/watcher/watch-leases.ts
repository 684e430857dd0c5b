/**
 * `watch:<sessionId>` leases: one process polls a checkout session at a time; a dead process's
 * sessions pass to another once its leases expire. By session, not request: one request may
 * have several payable sessions (a New link leaves the old one payable), each polled once.
 */

import { isLiveSession } from '../core/requests/request.ts';
import type { CheckoutWatch, LeaseStore, Logger, RequestStore } from '../core/shared/ports.ts';

export type LeaseResult =
  | { readonly kind: 'held' }
  | { readonly kind: 'gone' }
  /** Another process holds it; try again in `retryInMs` (when its lease lapses, if the store says). */
  | { readonly kind: 'busy'; readonly retryInMs: number };

const HELD: LeaseResult = { kind: 'held' };
const GONE: LeaseResult = { kind: 'gone' };
/** Come back just after the other lease lapses, not on its last millisecond. */
const LAPSE_MARGIN_MS = 250;

export class WatchLeases {
  readonly #leases: LeaseStore;
  readonly #requests: RequestStore;
  readonly #owner: string;
  readonly #ttlMs: number;
  readonly #log: Logger;

  constructor(leases: LeaseStore, requests: RequestStore, owner: string, ttlMs: number, log: Logger) {
    this.#leases = leases;
    this.#requests = requests;
    this.#owner = owner;
    this.#ttlMs = ttlMs;
    this.#log = log;
  }

  /**
   * `busy`: another process holds it. `gone`: we got it, but the store no longer has this session
   * live (the previous holder recorded its end), so the lease is handed back at once.
   */
  async take(watch: CheckoutWatch): Promise<LeaseResult> {
    try {
      if (!(await this.#leases.acquire(key(watch.sessionId), this.#owner, this.#ttlMs))) return await this.#busy(watch);
      const request = await this.#requests.get(watch.requestId);
      const live = request?.attempts.some((a) => a.sessionId === watch.sessionId && isLiveSession(a)) ?? false;
      if (live) return HELD;
      await this.release(watch.sessionId);
      return GONE;
    } catch (error) {
      this.#log.warn({ requestId: watch.requestId, err: error }, 'lease store failed');
      return { kind: 'busy', retryInMs: this.#ttlMs };
    }
  }

  /** A live holder renews every third of the lease's life, so this is never much more than the TTL. */
  async #busy(watch: CheckoutWatch): Promise<LeaseResult> {
    const left = this.#leases.timeLeft ? await this.#leases.timeLeft(key(watch.sessionId)) : this.#ttlMs;
    return { kind: 'busy', retryInMs: Math.min(this.#ttlMs, left + LAPSE_MARGIN_MS) };
  }

  /** False when the lease was lost (expired and taken by another process). */
  async renew(sessionId: string): Promise<boolean> {
    try {
      return await this.#leases.renew(key(sessionId), this.#owner, this.#ttlMs);
    } catch (error) {
      // Keep polling: the owner check on the next renewal settles it.
      this.#log.warn({ err: error }, 'lease renewal failed');
      return true;
    }
  }

  async release(sessionId: string): Promise<void> {
    await this.#leases.release(key(sessionId), this.#owner).catch(() => {});
  }
}

function key(sessionId: string): string {
  return `watch:${sessionId}`;
}
