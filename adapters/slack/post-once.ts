/**
 * One chat.postMessage per message, even when Slack accepts a post and answers too late.
 *
 * The post goes through a WebClient without retries (a retry after a timeout is how a slow
 * Slack used to produce two cards, two DMs, two receipts). Each post carries a random post key
 * in its metadata. After an answer that never came (timeout, reset, 5xx, `internal_error`), the
 * key is looked up (post-lookup.ts):
 *   found        → the post is adopted: its ts is returned, nothing is sent again;
 *   not there    → sent once more with the same key; a later check deletes a late copy of the
 *                  first attempt if one still lands (no orphaned card with a live Approve button);
 *   read failed  → nothing is sent; the caller gets a MessengerError and the key is remembered:
 *                  the engine's next attempt at the same message looks again first. Only when
 *                  Slack could not be asked for `blindResendAfterMs` is the message sent again,
 *                  once, with the same key and a line saying it may be a duplicate.
 * A 429 means Slack did not take the post: it is sent again after Retry-After.
 *
 * With a store (post-journal.ts) the key is written before the post and kept a while after
 * it, so a process that dies between Slack accepting a post and the engine recording it leaves
 * the key behind: the restarted engine posts the same message again, this finds the key, and
 * the first post is adopted instead of a second one appearing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import { MessengerError } from '../../src/core/shared/errors.ts';
import type { KeyValueStore, Logger } from '../../src/core/shared/ports.ts';
import { type PostAttempt, PostJournal } from './post-journal.ts';
import { findPosts, type PostLocation, postMetadata } from './post-lookup.ts';
import { classifyPostFailure } from './post-outcome.ts';
import { describe, postFailure } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface PostOnceTiming {
  /** Wait before each read-back after an unknown outcome; a post may become visible a moment late. */
  readonly readDelaysMs: readonly number[];
  /** After a re-send, when to look for a late copy of the first attempt (and delete it). */
  readonly orphanCheckMs: number;
  /** How long reads may keep failing before one labelled copy is sent anyway. */
  readonly blindResendAfterMs: number;
  /** 429s waited out per post before giving up (nothing was posted). */
  readonly maxRateLimitWaits: number;
  /** Messages per read (Slack allows up to 999; it caps commercially distributed non-Marketplace apps at 15). */
  readonly readLimit: number;
}

export const DEFAULT_POST_TIMING: PostOnceTiming = {
  readDelaysMs: [0, 2_000],
  orphanCheckMs: 60_000,
  blindResendAfterMs: 120_000,
  maxRateLimitWaits: 5,
  readLimit: 100,
};

/** Added to a copy sent while Slack could not tell whether the first one exists. */
export const MAYBE_DUPLICATE_NOTE =
  'Sent again because Slack did not confirm the first attempt. If you see this message twice, they are the same; either works.';

export interface PostInput extends PostLocation {
  readonly text: string;
  readonly blocks: readonly unknown[];
  /** Identifies "the same message" across the engine's attempts (with channel and thread). */
  readonly identity: string;
  /** The blocks and text to send instead when the copy must carry the maybe-duplicate note. */
  readonly labelled: () => { readonly text: string; readonly blocks: readonly unknown[] };
}

export interface PostedRef {
  readonly channel: string;
  readonly ts: string;
}

type SendResult = { readonly ok: true; readonly ref: PostedRef } | { readonly ok: false; readonly err: unknown };
type Lookup = { readonly found: string[] } | { readonly found?: undefined; readonly readFailed: unknown };

const ORPHAN_CHECK_TRIES = 3;

export interface PostOnceDeps {
  /** No retries, `rejectRateLimitedCalls: true`: every attempt is decided here. */
  readonly postClient: WebClient;
  /** Reads and deletes may be retried by the client (they change nothing, or the same thing). */
  readonly readClient: WebClient;
  readonly logger: Logger;
  readonly timing?: Partial<PostOnceTiming>;
  readonly now?: () => number;
  /** Post keys written before each send, so a restart finds a post it did not record. */
  readonly journal?: KeyValueStore | undefined;
}

/** Slack could not tell whether the post exists: the key stays in the journal for the next attempt. */
export class PostOutcomeUnknownError extends MessengerError {}

export class SlackPostOnce {
  readonly #post: WebClient;
  readonly #read: WebClient;
  readonly #log: Logger;
  readonly #t: PostOnceTiming;
  readonly #now: () => number;
  readonly #journal: PostJournal;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(deps: PostOnceDeps) {
    this.#post = deps.postClient;
    this.#read = deps.readClient;
    this.#log = deps.logger;
    this.#t = { ...DEFAULT_POST_TIMING, ...deps.timing };
    this.#now = deps.now ?? Date.now;
    this.#journal = new PostJournal(deps.journal, deps.logger, this.#now);
  }

  /**
   * Post `input` exactly once, or throw MessengerError (nothing posted, or not known to be).
   * `journal: false` for replies nobody records (an answer to a command): only the engine's
   * posts, which it records and may repeat after a restart, are worth a store write each.
   */
  async post(input: PostInput, options: { readonly journal?: boolean } = {}): Promise<PostedRef> {
    const identity = identityHash(input);
    const durable = options.journal !== false;
    const earlier = await this.#journal.earlier(identity, durable);
    const attempt = earlier ?? { key: randomUUID(), firstSentAt: this.#now() };
    try {
      const ref = earlier ? await this.#resume(earlier, input) : await this.#first(identity, attempt, input, durable);
      await this.#journal.end(identity, durable, attempt);
      return ref;
    } catch (err) {
      if (err instanceof PostOutcomeUnknownError) this.#journal.unresolved(identity, attempt);
      else await this.#journal.end(identity, durable);
      throw err;
    }
  }

  async #first(identity: string, attempt: PostAttempt, input: PostInput, durable: boolean): Promise<PostedRef> {
    try {
      await this.#journal.begin(identity, attempt, durable);
    } catch (err) {
      // Recorded before the side effect, or not sent at all.
      throw new MessengerError(`could not record the post before sending it: ${describe(err)}`, { cause: err });
    }
    const first = await this.#send(attempt.key, input, input);
    if (first.ok) return first.ref;
    return this.#settle(attempt, input, first.err);
  }

  /** Cancel pending orphan checks (shutdown, tests). */
  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** The first attempt's outcome is unknown: look, then adopt, send once more, or give up. */
  async #settle(attempt: PostAttempt, input: PostInput, cause: unknown): Promise<PostedRef> {
    const { key, firstSentAt: sentAt } = attempt;
    const where = location(input);
    this.#log.warn({ err: describe(cause), channel: input.channel }, 'slack post outcome unknown; looking for it');
    const seen = await this.#lookup(where, key, sentAt, this.#t.readDelaysMs);
    if (seen.found) {
      if (seen.found.length > 0) return this.#adopt(where, seen.found);
      const again = await this.#send(key, input, input);
      if (again.ok) {
        this.#checkOrphansLater(where, key, sentAt, again.ref.ts);
        return again.ref;
      }
      const after = await this.#lookup(where, key, sentAt, this.#t.readDelaysMs);
      if (after.found && after.found.length > 0) {
        // Two attempts went out: the one not adopted may still land.
        const ref = this.#adopt(where, after.found);
        this.#checkOrphansLater(where, key, sentAt, ref.ts);
        return ref;
      }
      throw unknownOutcome(after.found ? again.err : after.readFailed, 'Slack failed the post twice and shows no copy');
    }
    throw unknownOutcome(seen.readFailed, 'Slack did not confirm the post and could not be asked whether it arrived');
  }

  /** The engine posts a message whose earlier attempt is still unresolved: look before sending. */
  async #resume(earlier: PostAttempt, input: PostInput): Promise<PostedRef> {
    const where = location(input);
    const seen = await this.#lookup(where, earlier.key, earlier.firstSentAt, [0]);
    if (seen.found) {
      if (seen.found.length > 0) return this.#adopt(where, seen.found);
      const again = await this.#send(earlier.key, input, input);
      if (again.ok) {
        this.#checkOrphansLater(where, earlier.key, earlier.firstSentAt, again.ref.ts);
        return again.ref;
      }
      return this.#settle(earlier, input, again.err);
    }
    if (this.#now() - earlier.firstSentAt < this.#t.blindResendAfterMs)
      throw unknownOutcome(seen.readFailed, 'Slack could not be asked whether the earlier attempt arrived');
    // Slack could not be asked for long enough: one copy, labelled, with the same key so the
    // orphan check can still remove the first one once reads work again.
    this.#log.warn(
      { channel: input.channel },
      'slack post still unresolved; sending one copy labelled as a possible duplicate',
    );
    const labelled = await this.#send(earlier.key, input, input.labelled());
    if (!labelled.ok) throw unknownOutcome(labelled.err, 'Slack did not confirm the labelled copy either');
    this.#checkOrphansLater(where, earlier.key, earlier.firstSentAt, labelled.ref.ts);
    return labelled.ref;
  }

  /** One post, waiting out 429s (Slack took nothing). Not-posted failures throw; unknown ones return. */
  async #send(
    key: string,
    input: PostInput,
    body: { readonly text: string; readonly blocks: readonly unknown[] },
  ): Promise<SendResult> {
    for (let waits = 0; ; waits++) {
      try {
        const res = await this.#post.chat.postMessage({
          channel: input.channel,
          text: body.text,
          blocks: body.blocks as never,
          // Receipts and DMs carry no link previews: a Stripe URL must not unfurl anywhere.
          unfurl_links: false,
          unfurl_media: false,
          metadata: postMetadata(key),
          ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        });
        if (!res.ts) return { ok: false, err: new Error('chat.postMessage returned no ts') };
        return { ok: true, ref: { channel: res.channel ?? input.channel, ts: res.ts } };
      } catch (err) {
        const failure = classifyPostFailure(err);
        if (failure.kind === 'unknown') return { ok: false, err };
        if (failure.kind === 'rate_limited' && waits < this.#t.maxRateLimitWaits) {
          this.#log.warn({ retryAfterMs: failure.retryAfterMs }, 'slack rate limited a post; waiting for Retry-After');
          await sleep(failure.retryAfterMs);
          continue;
        }
        // Not posted: ChannelClosedError when the bot is not in the channel, else MessengerError.
        throw postFailure('chat.postMessage', err);
      }
    }
  }

  async #lookup(where: PostLocation, key: string, sentAt: number, delays: readonly number[]): Promise<Lookup> {
    let readFailed: unknown;
    let answered = false;
    for (const delay of delays) {
      if (delay > 0) await sleep(delay);
      try {
        const found = await findPosts(this.#read, where, key, sentAt, this.#t.readLimit);
        if (found.length > 0) return { found };
        answered = true;
      } catch (err) {
        readFailed = err;
      }
    }
    return answered ? { found: [] } : { readFailed };
  }

  /** Nothing was sent twice, so nothing can land later; extra copies (never expected) are removed. */
  #adopt(where: PostLocation, found: readonly string[]): PostedRef {
    const [ts, ...extra] = found as [string, ...string[]];
    this.#log.info({ channel: where.channel, ts }, 'slack post found after an unknown outcome; adopted');
    if (extra.length > 0) void this.#deleteCopies(where, extra);
    return { channel: where.channel, ts };
  }

  /** A late copy of an attempt we gave up on may still land: remove every copy but `keep`. */
  #checkOrphansLater(where: PostLocation, key: string, sentAt: number, keep: string): void {
    const run = async (tries: number): Promise<void> => {
      try {
        const copies = (await findPosts(this.#read, where, key, sentAt, this.#t.readLimit)).filter((ts) => ts !== keep);
        if (copies.length > 0) await this.#deleteCopies(where, copies);
      } catch (err) {
        if (tries > 1) return schedule(tries - 1);
        this.#log.warn({ err: describe(err), channel: where.channel }, 'could not check for a late duplicate post');
      }
    };
    const schedule = (tries: number): void => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void run(tries);
      }, this.#t.orphanCheckMs);
      timer.unref();
      this.#timers.add(timer);
    };
    schedule(ORPHAN_CHECK_TRIES);
  }

  async #deleteCopies(where: PostLocation, copies: readonly string[]): Promise<void> {
    for (const ts of copies) {
      try {
        await this.#read.chat.delete({ channel: where.channel, ts });
        this.#log.warn({ channel: where.channel, ts }, 'deleted a duplicate copy of a slack post');
      } catch (err) {
        this.#log.error({ err: describe(err), channel: where.channel, ts }, 'could not delete a duplicate slack post');
      }
    }
  }
}

function location(input: PostInput): PostLocation {
  return input.threadTs ? { channel: input.channel, threadTs: input.threadTs } : { channel: input.channel };
}

function identityHash(input: PostInput): string {
  return createHash('sha256')
    .update(`${input.channel}\n${input.threadTs ?? ''}\n${input.identity}`)
    .digest('hex');
}

function unknownOutcome(cause: unknown, why: string): PostOutcomeUnknownError {
  return new PostOutcomeUnknownError(`chat.postMessage outcome unknown: ${why} (${describe(cause)})`, { cause });
}
