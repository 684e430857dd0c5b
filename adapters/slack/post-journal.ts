/**
 * Which post key belongs to which message, for as long as the outcome of a post may matter.
 * In memory: attempts whose outcome is unknown (the next attempt at the same message looks
 * before it sends). In the store (the app's KeyValueStore), when given: every engine post's key,
 * written before the post is sent (a state change persisted before its side effect) and kept
 * POSTED_GRACE_MS after it, because the engine records the message only after the post returns.
 * A process killed in between leaves the key to the next process, which finds the post by it.
 */
import type { KeyValueStore, Logger } from '../../src/core/shared/ports.ts';
import { describe } from './slack-errors.ts';

export interface PostAttempt {
  readonly key: string;
  readonly firstSentAt: number;
}

const PREFIX = 'slack-post:';
const MAX_REMEMBERED = 1_000;
/** An attempt older than this is forgotten: the engine has long given up on or recorded it. */
export const ATTEMPT_TTL_MS = 60 * 60_000;
/** How long a posted key stays for a restarted process to find (restart, resume, sweep). */
export const POSTED_GRACE_MS = 15 * 60_000;

export class PostJournal {
  readonly #store: KeyValueStore | undefined;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #unresolved = new Map<string, PostAttempt>();
  readonly #inflight = new Set<string>();
  /** Messages this process posted, and when: their store entries are for other processes. */
  readonly #posted = new Map<string, number>();

  constructor(store: KeyValueStore | undefined, logger: Logger, now: () => number) {
    this.#store = store;
    this.#log = logger;
    this.#now = now;
  }

  /** An attempt at this message whose outcome is open: this process's, or a dead one's. */
  async earlier(identity: string, durable: boolean): Promise<PostAttempt | undefined> {
    let earlier = this.#unresolved.get(identity);
    const postedAt = this.#posted.get(identity);
    // Being posted here now, or posted here lately: a new message with the same content.
    const mine = this.#inflight.has(identity) || (postedAt !== undefined && this.#now() - postedAt < POSTED_GRACE_MS);
    if (!earlier && durable && this.#store && !mine) {
      earlier = await this.#store.get<PostAttempt>(PREFIX + identity).catch((err: unknown) => {
        this.#log.warn({ err: describe(err) }, 'could not read the post journal; posting as new');
        return undefined;
      });
    }
    if (earlier && this.#now() - earlier.firstSentAt < ATTEMPT_TTL_MS) return earlier;
    this.#unresolved.delete(identity);
    return undefined;
  }

  /** Before the first send. Throws when the store refuses: then nothing may be sent. */
  async begin(identity: string, attempt: PostAttempt, durable: boolean): Promise<void> {
    this.#inflight.add(identity);
    if (durable && this.#store) await this.#store.set<PostAttempt>(PREFIX + identity, attempt, ATTEMPT_TTL_MS);
  }

  /** Slack could not tell: keep the key here (the store already has it) for the next attempt. */
  unresolved(identity: string, attempt: PostAttempt): void {
    this.#inflight.delete(identity);
    remember(this.#unresolved, identity, attempt);
  }

  /** The outcome is known: posted (kept a while for a restart) or not posted (forgotten). */
  async end(identity: string, durable: boolean, posted?: PostAttempt): Promise<void> {
    this.#inflight.delete(identity);
    this.#unresolved.delete(identity);
    if (posted) remember(this.#posted, identity, this.#now());
    if (!durable || !this.#store) return;
    const done = posted
      ? this.#store.set<PostAttempt>(PREFIX + identity, posted, POSTED_GRACE_MS)
      : this.#store.delete(PREFIX + identity);
    await done.catch((err: unknown) => this.#log.warn({ err: describe(err) }, 'could not update the post journal'));
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
