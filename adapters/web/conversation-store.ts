/**
 * Where the playground's conversation survives a restart: the store's KeyValueStore (sqlite
 * file, Redis, or memory for `STORE_URL=memory://`), so it lives exactly as long as the
 * requests its cards and DMs talk about. One key per message plus a head listing the kept ids
 * and the revision counter, so an edit rewrites one small value and no write ever holds the
 * whole history.
 *
 * Crash safety: a message is written before the head that names it, and the log shows (and the
 * messenger hands the engine a reference to) a message only once its write is done. A crash
 * between the two writes leaves an orphan value the next start never reads; a crash after them
 * leaves a complete picture. Writes go out one at a time, in the order they were asked for,
 * so the last head written is the newest.
 */
import type { KeyValueStore } from '../../src/core/shared/ports.ts';
import type { WebMessage } from './conversation-log.ts';

const PREFIX = 'playground:conversation';
const HEAD_KEY = `${PREFIX}:head`;
const messageKey = (id: string) => `${PREFIX}:msg:${id}`;

export interface ConversationHead {
  /** The last sequence/revision number handed out; the next start counts on from it. */
  readonly counter: number;
  /** Kept message ids, oldest first. */
  readonly ids: readonly string[];
}

export interface RestoredConversation {
  readonly counter: number;
  readonly messages: WebMessage[];
}

export interface ConversationStorage {
  load(): Promise<RestoredConversation>;
  /** Write (or rewrite) one message, then the head. */
  save(message: WebMessage, head: ConversationHead): Promise<void>;
  /** Forget messages the capped log dropped (best effort: an orphan costs only space). */
  forget(ids: readonly string[]): Promise<void>;
}

export class KeyValueConversationStorage implements ConversationStorage {
  readonly #kv: KeyValueStore;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(kv: KeyValueStore) {
    this.#kv = kv;
  }

  async load(): Promise<RestoredConversation> {
    const head = await this.#kv.get<ConversationHead>(HEAD_KEY);
    if (!head || !Array.isArray(head.ids)) return { counter: 0, messages: [] };
    const messages: WebMessage[] = [];
    for (const id of head.ids) {
      const message = await this.#kv.get<WebMessage>(messageKey(id));
      if (message && message.id === id) messages.push(message);
    }
    return { counter: Number.isSafeInteger(head.counter) ? head.counter : 0, messages };
  }

  save(message: WebMessage, head: ConversationHead): Promise<void> {
    return this.#serial(async () => {
      await this.#kv.set(messageKey(message.id), message);
      await this.#kv.set(HEAD_KEY, head);
    });
  }

  forget(ids: readonly string[]): Promise<void> {
    return this.#serial(async () => {
      for (const id of ids) await this.#kv.delete(messageKey(id));
    });
  }

  #serial(write: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(write, write);
    this.#queue = run.catch(() => {});
    return run;
  }
}
