/**
 * Payment requests as whole JSON values in keyv, with two indexes kept by the backend: the set
 * of open request ids (the restart scan reads it) and creation times (status, App Home).
 *
 * Keyv and the index are two writes, so their order is chosen to fail safe: an id joins the
 * open index before its request is written and leaves it only after a final state is written.
 * A crash in between leaves an extra id in the index, which `listOpen` filters out by state;
 * it never leaves an open request missing from it.
 */
import type Keyv from 'keyv';
import type { RequestStore } from '../core/ports.ts';
import { isOpen, type PaymentRequest } from '../core/request.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import type { StorePrimitives } from './primitives.ts';

const BATCH = 500;

export class KeyvRequestStore implements RequestStore {
  readonly #keyv: Keyv;
  readonly #index: StorePrimitives;
  readonly #writes = new KeyedMutex();

  constructor(keyv: Keyv, index: StorePrimitives) {
    this.#keyv = keyv;
    this.#index = index;
  }

  async get(id: string): Promise<PaymentRequest | undefined> {
    return (await this.#keyv.get<PaymentRequest>(requestKey(id))) ?? undefined;
  }

  /** Two puts of one request from this process never interleave their index and value writes. */
  put(request: PaymentRequest): Promise<void> {
    return this.#writes.run(request.id, async () => {
      const open = isOpen(request.state);
      await this.#index.createdAdd(request.id, request.createdAt);
      if (open) await this.#index.openAdd(request.id);
      await this.#keyv.set(requestKey(request.id), request);
      if (!open) await this.#index.openRemove(request.id);
    });
  }

  async listOpen(): Promise<PaymentRequest[]> {
    const requests = await this.#getMany(await this.#index.openIds());
    return requests.filter((r) => isOpen(r.state)).sort((a, b) => a.createdAt - b.createdAt);
  }

  async listSince(sinceMs: number): Promise<PaymentRequest[]> {
    const requests = await this.#getMany(await this.#index.createdSince(sinceMs));
    return requests.filter((r) => r.createdAt >= sinceMs).sort((a, b) => b.createdAt - a.createdAt);
  }

  async #getMany(ids: readonly string[]): Promise<PaymentRequest[]> {
    const found: PaymentRequest[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const keys = ids.slice(i, i + BATCH).map(requestKey);
      const values = await this.#keyv.getMany<PaymentRequest>(keys);
      for (const value of values) if (value) found.push(value);
    }
    return found;
  }
}

function requestKey(id: string): string {
  return `req:${id}`;
}
