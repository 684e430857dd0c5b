/**
 * One transition at a time per request: an in-process mutex keyed by request id (two clicks in
 * one process queue up), plus a store lease `req:<id>` so two processes never work on the same
 * request at once. The lease expires on its own if its holder dies mid-way.
 */
import { BotError } from '../shared/errors.ts';
import type { LeaseStore } from '../shared/ports.ts';

export class RequestBusyError extends BotError {
  constructor(id: string) {
    super('conflict', `request ${id} is being handled by another process`);
  }
}

export interface RequestLockOptions {
  /** Longer than the slowest transition (a billing call with its retries). */
  readonly leaseTtlMs: number;
  readonly attempts: number;
  readonly retryDelayMs: number;
}

export interface RunOptions {
  /**
   * false: do not queue behind work in this process nor wait for another process's lease; throw
   * RequestBusyError at once. For maintenance (resume, sweep), which comes back later anyway.
   */
  readonly wait?: boolean;
}

const DEFAULTS: RequestLockOptions = { leaseTtlMs: 60_000, attempts: 50, retryDelayMs: 100 };

export class RequestLocks {
  readonly #leases: LeaseStore;
  readonly #owner: string;
  readonly #options: RequestLockOptions;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(leases: LeaseStore, owner: string, options: Partial<RequestLockOptions> = {}) {
    this.#leases = leases;
    this.#owner = owner;
    this.#options = { ...DEFAULTS, ...options };
  }

  async run<T>(id: string, work: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    const wait = options.wait !== false;
    if (!wait && this.#tails.has(id)) throw new RequestBusyError(id);
    const previous = this.#tails.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(id, tail);
    await previous;
    try {
      return await this.#withLease(id, work, wait ? this.#options.attempts : 1);
    } finally {
      release();
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    }
  }

  async #withLease<T>(id: string, work: () => Promise<T>, attempts: number): Promise<T> {
    const key = `req:${id}`;
    for (let i = 0; ; i++) {
      if (await this.#take(key)) break;
      if (i + 1 >= attempts) throw new RequestBusyError(id);
      // Real time on purpose: another process holds the lease, and only real time frees it.
      await new Promise((r) => setTimeout(r, this.#options.retryDelayMs));
    }
    try {
      return await work();
    } finally {
      await this.#leases.release(key, this.#owner);
    }
  }

  /**
   * Acquire, or renew a lease already held under our owner id. A process restarted under the
   * same id (a single process on sqlite) finds its dead predecessor's leases and takes them back
   * at once; the in-process mutex above guarantees nobody in this process still holds them. A
   * lease store whose acquire refuses even its own holder is covered by the renew.
   */
  async #take(key: string): Promise<boolean> {
    const ttl = this.#options.leaseTtlMs;
    if (await this.#leases.acquire(key, this.#owner, ttl)) return true;
    return this.#leases.renew(key, this.#owner, ttl);
  }
}
