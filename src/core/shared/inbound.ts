/**
 * The inbound port: the one door through which every platform hands the engine what people do.
 * Core owns it, so the rules that used to be written once per adapter live here once:
 *
 *   - `receive` returns at once: the adapter has already acked (Slack's 3 s, Discord's deferral,
 *     the playground's 202), and the work runs after it;
 *   - the work is tracked, and `idle()` resolves only when none is left, so shutdown waits for a
 *     click's card edit and DM on every platform (Discord used to fire and forget);
 *   - a failure gets the one answer, "Something went wrong (ref: …)", with the same ref in the log;
 *   - when the work is done the responder's `finish` runs (Discord removes an unused "thinking…").
 *
 * The ConversationEngine implements the port with a TrackedInbound around its `handle`; adapter
 * tests wrap their stand-in engines in one, so they exercise the same door production uses.
 */

import type { FieldErrors } from './forms.ts';
import { DEFAULT_LOCALE, type Locale, localeOf, type MessageFormatter, type Texts, textsFor } from './i18n.ts';
import { newErrorRef } from './ids.ts';
import { EN } from './messages/en/index.ts';
import type { Logger, Responder } from './ports.ts';
import type { Reply } from './reply.ts';
import type { Actor, ConversationRef, FormEvent, InboundEvent } from './types.ts';

/**
 * An event the adapter acked before it could finish normalising it (Slack asks whether the
 * actor is an approver, which may call the Web API): resolved after the ack, inside the tracked
 * work. Undefined: nothing for the engine (a payload the adapter does not understand).
 */
export type PendingEvent = () => Promise<InboundEvent | undefined>;

export interface InboundPort {
  /** Take one acked event; the answer goes through `responder`. Returns at once, never throws. */
  receive(event: InboundEvent | PendingEvent, responder: Responder): void;
  /**
   * Other work after an ack that answers no event (Slack's Home tab): tracked like an event, so
   * `idle()` waits for it; a failure is logged under `label`.
   */
  track(label: string, work: () => Promise<void>): void;
  /**
   * The App Home for one person (Slack renders it); absent on a port that has none. `where`: the
   * workspace the Home was opened in (its tenant's Home is shown).
   */
  home?(actor: Actor, where?: ConversationRef): Promise<readonly Reply[]>;
  /**
   * Optional: check a submitted form before the adapter acks it (Slack's inline errors must be in
   * the view_submission's ack, within 3 s). Undefined: valid, or not checkable in time; the
   * submission then goes to `receive` and any refusal is a reply.
   */
  checkForm?(event: FormEvent): Promise<FieldErrors | undefined>;
  /** Resolves once nothing received or tracked so far is still running (tests, shutdown). */
  idle(): Promise<void>;
}

/** Handles one event to the end; what TrackedInbound runs after the ack. */
export interface EventHandler {
  handle(event: InboundEvent, responder: Responder): Promise<void>;
}

/**
 * The one answer to a failure nobody foresaw, on every platform; `ref` is in the error log line
 * too. Without `t` (a door built with no formatter: adapter tests' stand-in engines) it is the
 * catalog's English, whose only argument is the ref.
 */
export function failureReply(ref: string, t?: Texts): Reply {
  const text = t ? t.t('engine.failure', { ref }) : EN['engine.failure'].replace('{ref}', ref);
  return { text, ephemeral: true, tone: 'danger' };
}

/**
 * Log an unexpected failure under a fresh ref and tell the person, with that ref, in `t`'s
 * language (the actor's). Never throws.
 */
export async function answerFailure(
  logger: Logger,
  responder: Responder,
  err: unknown,
  what: string,
  t?: Texts,
): Promise<void> {
  const ref = newErrorRef();
  logger.error({ err, ref }, what);
  await responder
    .reply(failureReply(ref, t))
    .catch((e: unknown) => logger.error({ err: e, ref }, 'could not report the error'));
}

/**
 * The language of the failure answer: the catalog's formatter, and the workspace's language for
 * an actor whose own is unknown (or an event that failed before it was resolved). Default English.
 */
export interface InboundLanguage {
  readonly messages: MessageFormatter;
  readonly locale?: (() => Locale) | undefined;
}

export class TrackedInbound implements InboundPort {
  readonly #handler: EventHandler;
  readonly #logger: Logger;
  readonly #language: InboundLanguage | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(handler: EventHandler, logger: Logger, language?: InboundLanguage) {
    this.#handler = handler;
    this.#logger = logger;
    this.#language = language;
  }

  receive(event: InboundEvent | PendingEvent, responder: Responder): void {
    this.#run(async () => {
      let resolved: InboundEvent | undefined;
      try {
        resolved = typeof event === 'function' ? await event() : event;
        if (resolved) await this.#handler.handle(resolved, responder);
      } catch (err) {
        await answerFailure(this.#logger, responder, err, 'unexpected error handling event', this.#texts(resolved));
      }
      try {
        await responder.finish?.();
      } catch (err) {
        this.#logger.warn({ err }, 'could not close the acknowledgement');
      }
    });
  }

  track(label: string, work: () => Promise<void>): void {
    this.#run(() => work().catch((err: unknown) => this.#logger.error({ err, label }, 'work after the ack failed')));
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** The failure answer's language: the actor's, else the workspace's; undefined without a formatter. */
  #texts(event: InboundEvent | undefined): Texts | undefined {
    const language = this.#language;
    if (!language) return undefined;
    const locale = localeOf(event?.actor.locale) ?? language.locale?.() ?? DEFAULT_LOCALE;
    return textsFor(language.messages, locale);
  }

  /** How many events and tracked jobs are running (tests). */
  get size(): number {
    return this.#inFlight.size;
  }

  #run(work: () => Promise<void>): void {
    const p: Promise<void> = work().finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }
}
