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
 * message, so it goes out with a line saying it may be a duplicate. In this process only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DiscordAPIError, RateLimitError } from 'discord.js';

/** How long we rely on Discord's nonce check (it promises "a few minutes"). */
export const NONCE_TRUST_MS = 2 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_REMEMBERED = 1_000;

export const MAYBE_DUPLICATE_NOTE =
  'Sent again because Discord did not confirm the first attempt. If you see this message twice, they are the same; either works.';

export interface NoncePlan {
  readonly nonce: string;
  /** Too long since the first attempt for Discord's check to cover it: label the message. */
  readonly label: boolean;
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
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The nonce for this message: the unresolved attempt's, or a new one. */
  plan(identity: string): NoncePlan {
    const key = hash(identity);
    const earlier = this.#unresolved.get(key);
    const age = earlier ? this.#now() - earlier.firstSentAt : 0;
    if (earlier && age < NONCE_TRUST_MS) return { nonce: earlier.nonce, label: false };
    if (earlier && age < FORGET_AFTER_MS) return { nonce: newNonce(), label: true };
    return { nonce: newNonce(), label: false };
  }

  /** Discord answered (a message, or a refusal): nothing is pending for this message. */
  settled(identity: string): void {
    this.#unresolved.delete(hash(identity));
  }

  /** No clear answer: keep the nonce of the first attempt for the next one. */
  unresolved(identity: string, nonce: string): void {
    const key = hash(identity);
    if (this.#unresolved.has(key)) return;
    if (this.#unresolved.size >= MAX_REMEMBERED) {
      const oldest = this.#unresolved.keys().next().value;
      if (oldest !== undefined) this.#unresolved.delete(oldest);
    }
    this.#unresolved.set(key, { nonce, firstSentAt: this.#now() });
  }
}

function hash(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}
