/**
 * Payment requests as whole JSON values in keyv, with two indexes kept by the backend: the open
 * index (the restart scan reads it) and creation times (status, App Home).
 *
 * The open index holds a request while its state is open OR one of its checkout sessions is
 * live (`belongsInOpenIndex`): money follows the session, so a cancelled, failed or superseded
 * request whose link can still be paid must be found by a restart and by other processes.
 * `listOpen` (status, App Home, approval expiry, the engine's resume) still returns only open
 * states; `scanOpen` (the watcher's restart scan) returns the whole index.
 *
 * Keyv and the index are two writes, so their order is chosen to fail safe: an id joins the
 * open index before its request is written and leaves it only after a request that no longer
 * belongs there is written. A crash in between leaves an extra id in the index, which the reads
 * filter out; it never leaves a request missing from it.
 *
 * `scanOpen` is the restart scan in pages: ids come in batches from the backend and each page of
 * requests is read when the caller asks for it, so 10,000 pending checkouts never sit parsed in
 * memory at once (V8 keeps a heap it grew once; RSS stayed 4 KB per checkout higher).
 */
import type Keyv from 'keyv';
import { belongsInOpenIndex, isOpen, type PaymentRequest } from '../core/requests/request.ts';
import type { RequestStore } from '../core/shared/ports.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import type { StorePrimitives } from './primitives.ts';

// Values parsed per store read in listOpen/listSince. Each read's parse runs in one go on the
// event loop: 500 requests took 22-27 ms (an ack arriving then waited that long) during the
// engine's sweep of ~4,600 open requests under load (bench/ack.ts profile); 100 keep each under
// ~6 ms and let acks in between.
const BATCH = 100;

export class KeyvRequestStore implements RequestStore {
  readonly #keyv: Keyv;
  readonly #index: StorePrimitives;
  readonly #writes = new KeyedMutex();
  /** `''` for the root layout, `t:<tenant>:` for a tenant's (the keyv instance is shared). */
  readonly #prefix: string;

  constructor(keyv: Keyv, index: StorePrimitives, prefix = '') {
    this.#keyv = keyv;
    this.#index = index;
    this.#prefix = prefix;
  }

  async get(id: string): Promise<PaymentRequest | undefined> {
    return (await this.#keyv.get<PaymentRequest>(this.#key(id))) ?? undefined;
  }

  /** Two puts of one request from this process never interleave their index and value writes. */
  put(request: PaymentRequest): Promise<void> {
    return this.#writes.run(request.id, async () => {
      const open = belongsInOpenIndex(request);
      await this.#index.createdAdd(request.id, request.createdAt);
      if (open) await this.#index.openAdd(request.id);
      await this.#keyv.set(this.#key(request.id), request);
      if (!open) await this.#index.openRemove(request.id);
    });
  }

  async listOpen(): Promise<PaymentRequest[]> {
    const requests = await this.#getMany(await this.#index.openIds());
    return requests.filter((r) => isOpen(r.state)).sort((a, b) => a.createdAt - b.createdAt);
  }

  async *scanOpen(batchSize: number): AsyncIterable<readonly PaymentRequest[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size ${batchSize}`);
    for await (const batch of this.#index.openIdBatches(batchSize)) {
      // Redis may hand back more ids than asked for; pages never exceed `batchSize`.
      for (let i = 0; i < batch.length; i += batchSize) {
        const page = (await this.#getMany(batch.slice(i, i + batchSize))).filter(belongsInOpenIndex);
        if (page.length > 0) yield page;
      }
    }
  }

  async listSince(sinceMs: number): Promise<PaymentRequest[]> {
    const requests = await this.#getMany(await this.#index.createdSince(sinceMs));
    return requests.filter((r) => r.createdAt >= sinceMs).sort((a, b) => b.createdAt - a.createdAt);
  }

  #key(id: string): string {
    return `${this.#prefix}req:${id}`;
  }

  async #getMany(ids: readonly string[]): Promise<PaymentRequest[]> {
    const found: PaymentRequest[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const keys = ids.slice(i, i + BATCH).map((id) => this.#key(id));
      const values = await this.#keyv.getMany<PaymentRequest>(keys);
      for (const value of values) if (value) found.push(value);
    }
    return found;
  }
}
