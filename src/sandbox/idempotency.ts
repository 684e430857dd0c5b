/**
 * Idempotency-Key replay, keyed per token + method + path. Successful answers (2xx, a 202
 * "requires action" too) are kept, and final error answers (a card decline: the attempt was made):
 * a retry of a charge hears what the first attempt heard, never charges again. Other errors are
 * not kept: a confirm that said "not paid yet" (409) must not be replayed forever to a poller that
 * reuses its key, and a refused mutation changed nothing, so running it again is safe.
 */

export interface StoredResponse {
  readonly status: number;
  readonly data: unknown;
  readonly requestId: string;
  /** A final error answer (FinalApiError), replayed as the envelope's `error`. */
  readonly error?: { readonly code: string; readonly message: string; readonly details: Record<string, unknown> };
}

/** Enough for any test or demo; the oldest keys go first so a long-running sandbox stays bounded. */
const MAX_ENTRIES = 10_000;

export class IdempotencyCache {
  readonly #entries = new Map<string, StoredResponse>();

  #id(token: string, method: string, path: string, key: string): string {
    return JSON.stringify([token, method, path, key]);
  }

  get(token: string, method: string, path: string, key: string): StoredResponse | undefined {
    return this.#entries.get(this.#id(token, method, path, key));
  }

  remember(token: string, method: string, path: string, key: string, response: StoredResponse): void {
    if (response.error === undefined && (response.status < 200 || response.status >= 300)) return;
    this.#entries.set(this.#id(token, method, path, key), response);
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  reset(): void {
    this.#entries.clear();
  }

  /**
   * Every kept answer, oldest first, for the state file, except answers holding a Stripe client
   * secret (a setup intent, a 3-D Secure charge): no secret goes to disk. Neither moved money, so
   * a retry after a restart that finds no replay makes a new intent, and charges nothing twice.
   */
  entries(): Array<[string, StoredResponse]> {
    return [...this.#entries].filter(([, r]) => !JSON.stringify(r.data ?? null).includes('client_secret'));
  }

  /** The answers a state file kept, replacing the current ones. */
  restore(entries: ReadonlyArray<readonly [string, StoredResponse]>): void {
    this.#entries.clear();
    for (const [id, response] of entries.slice(-MAX_ENTRIES)) this.#entries.set(id, response);
  }
}
