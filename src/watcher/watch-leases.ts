/**
 * `watch:<requestId>` leases: one process polls a checkout at a time; a dead process's
 * checkouts pass to another once its leases expire.
 */
import type { CheckoutWatch, LeaseStore, Logger, RequestStore } from '../core/ports.ts';
import { watchesFromOpenRequests } from './resume.ts';

export type LeaseResult = 'held' | 'busy' | 'gone';

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
   * awaiting payment (the previous holder finished it), so the lease is handed back at once.
   */
  async take(watch: CheckoutWatch): Promise<LeaseResult> {
    try {
      if (!(await this.#leases.acquire(key(watch.requestId), this.#owner, this.#ttlMs))) return 'busy';
      const request = await this.#requests.get(watch.requestId);
      const waiting = watchesFromOpenRequests(request ? [request] : []).some(
        (w) => w.watch.sessionId === watch.sessionId,
      );
      if (waiting) return 'held';
      await this.release(watch.requestId);
      return 'gone';
    } catch (error) {
      this.#log.warn({ requestId: watch.requestId, err: error }, 'lease store failed');
      return 'busy';
    }
  }

  /** False when the lease was lost (expired and taken by another process). */
  async renew(requestId: string): Promise<boolean> {
    try {
      return await this.#leases.renew(key(requestId), this.#owner, this.#ttlMs);
    } catch (error) {
      // Keep polling: the owner check on the next renewal settles it.
      this.#log.warn({ requestId, err: error }, 'lease renewal failed');
      return true;
    }
  }

  async release(requestId: string): Promise<void> {
    await this.#leases.release(key(requestId), this.#owner).catch(() => {});
  }
}

function key(requestId: string): string {
  return `watch:${requestId}`;
}
