/**
 * One message per post on Discord. Create-message accepts `nonce` (up to 25 characters) with
 * `enforce_nonce: true`: "checked for uniqueness in the past few minutes. If another message was
 * created by the same author with the same nonce, that message will be returned and no new
 * message will be created" (discord-api-spec MessageCreateRequest). So a repeat of the same
 * request is safe: @discordjs/rest's own retries (after its timeout, a reset or a 5xx it repeats
 * the request with the same body) return the first message instead of posting a second.
 *
 * When every retry failed without a clear answer, the post may still exist. The nonce is kept
 * for that message (same channel, thread, title and text) and reused by the engine's next
 * attempt, so within Discord's window that attempt too returns the first message. Discord does
 * not say how long "a few minutes" is; after NONCE_TRUST_MS a repeat could create a second
 * message, so it goes out with a line saying it may be a duplicate.
 *
 * With a journal (the store's KeyValueStore) the nonce is written before the post and kept
 * POSTED_GRACE_MS after it: a process that dies between Discord creating the message and the
 * engine recording it leaves the nonce for the next process, whose repeat then returns the
 * first message (within Discord's window) or is labelled (after it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DiscordAPIError, RateLimitError } from 'discord.js';
import type { KeyValueStore, Logger } from '../../src/core/shared/ports.ts';

/** How long we rely on Discord's nonce check (it promises "a few minutes"). */
export const NONCE_TRUST_MS = 2 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_REMEMBERED = 1_000;
const JOURNAL_PREFIX = 'discord-post:';
/** How long a posted entry stays for a restarted process to find (restart + resume + sweep). */
const POSTED_GRACE_MS = 15 * 60_000;

export const MAYBE_DUPLICATE_NOTE =
  'Sent again because Discord did not confirm the first attempt. If you see this message twice, they are the same; either works.';

export interface NoncePlan {
  readonly nonce: string;
  /** Too long since the first attempt for Discord's check to cover it: label the message. */
  readonly label: boolean;
  /** The nonce of an earlier attempt (already in the journal). */
  readonly reused: boolean;
}

interface Unresolved {
  readonly nonce: string;
  readonly firstSentAt: number;
}

/** 25 characters of base-36 randomness (~129 bits): Discord's longest string nonce. */
export function newNonce(): string {
  return BigInt(`0x${randomBytes(17).toString('hex')}`)
    .toString(36)
    .padStart(25, '0')
    .slice(-25);
}

/** A request Discord may have carried out: no answer, a 5xx after retries, a reset. */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof DiscordAPIError) return err.status >= 500;
  if (err instanceof RateLimitError) return false;
  return true;
}

export class NonceBook {
  readonly #unresolved = new Map<string, Unresolved>();
  /** Messages this process posted, and when: their journal entries are for other processes. */
  readonly #confirmed = new Map<string, number>();
  readonly #inflight = new Set<string>();
  readonly #now: () => number;
  readonly #journal: KeyValueStore | undefined;
  readonly #log: Logger | undefined;

  constructor(options: { now?: () => number; journal?: KeyValueStore | undefined; logger?: Logger } = {}) {
    this.#now = options.now ?? Date.now;
    this.#journal = options.journal;
    this.#log = options.logger;
  }

  /** The nonce for this message: an earlier attempt's (this process's or a dead one's), or a new one. */
  async plan(identity: string): Promise<NoncePlan> {
    const key = hash(identity);
    let earlier = this.#unresolved.get(key);
    const confirmed = this.#confirmed.get(key);
    const mine = this.#inflight.has(key) || (confirmed !== undefined && this.#now() - confirmed < POSTED_GRACE_MS);
    if (!earlier && this.#journal && !mine)
      earlier = await this.#journal.get<Unresolved>(JOURNAL_PREFIX + key).catch((err: unknown) => {
        this.#log?.warn({ err }, 'discord: could not read the post journal; posting as new');
        return undefined;
      });
    const age = earlier ? this.#now() - earlier.firstSentAt : 0;
    if (earlier && age < NONCE_TRUST_MS) return { nonce: earlier.nonce, label: false, reused: true };
    if (earlier && age < FORGET_AFTER_MS) return { nonce: newNonce(), label: true, reused: false };
    return { nonce: newNonce(), label: false, reused: false };
  }

  /** About to send: the nonce is recorded first (a failed write means nothing is sent). */
  async begin(identity: string, plan: NoncePlan): Promise<void> {
    const key = hash(identity);
    this.#inflight.add(key);
    if (!this.#journal || plan.reused) return;
    try {
      await this.#journal.set<Unresolved>(
        JOURNAL_PREFIX + key,
        { nonce: plan.nonce, firstSentAt: this.#now() },
        FORGET_AFTER_MS,
      );
    } catch (err) {
      this.#inflight.delete(key);
      throw err;
    }
  }

  /** Discord answered: posted (kept a while for a restart), or refused (forgotten). */
  async settled(identity: string, posted: boolean, plan?: NoncePlan): Promise<void> {
    const key = hash(identity);
    this.#inflight.delete(key);
    this.#unresolved.delete(key);
    if (posted) remember(this.#confirmed, key, this.#now());
    if (!this.#journal) return;
    const done =
      posted && plan
        ? this.#journal.set<Unresolved>(
            JOURNAL_PREFIX + key,
            { nonce: plan.nonce, firstSentAt: this.#now() },
            POSTED_GRACE_MS,
          )
        : this.#journal.delete(JOURNAL_PREFIX + key);
    await done.catch((err: unknown) => this.#log?.warn({ err }, 'discord: could not update the post journal'));
  }

  /** No clear answer: keep the nonce of the first attempt for the next one (the journal has it). */
  unresolved(identity: string, nonce: string): void {
    const key = hash(identity);
    this.#inflight.delete(key);
    if (this.#unresolved.has(key)) return;
    remember(this.#unresolved, key, { nonce, firstSentAt: this.#now() });
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.delete(key);
  map.set(key, value);
}

function hash(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}
