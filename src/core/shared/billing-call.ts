/**
 * One ModelsLab read or write on behalf of a person: on a billing failure the person is told
 * plainly which one it was and the caller gets `undefined`; other errors propagate to the
 * engine's "Something went wrong (ref)". Every billing call a command or button makes on its
 * own goes through here, so the four answers (busy, down, refused, unreadable) read the same
 * everywhere.
 *
 * An unreadable answer (BillingSchemaError: ModelsLab answered 200 in a shape this version does
 * not read) is not an outage: asking again in a minute gets the same answer. It is said as it is,
 * with a ref the operator finds in an error log line.
 */

import { rateLimitSentence } from './budget-wait.ts';
import { BillingHttpError, BillingSchemaError, isBillingOutage, isBotError } from './errors.ts';
import { newErrorRef } from './ids.ts';
import { refusal } from './notices.ts';
import type { Responder } from './ports.ts';
import type { EngineServices } from './services.ts';

/** The sentence for an answer this version cannot read; `ref` is in the operator's error log line. */
export function unreadableAnswerSentence(ref: string): string {
  return `ModelsLab answered in a form this version of mlbot does not understand; the operator has been told (ref: ${ref}).`;
}

/** Log a BillingSchemaError as the operator's problem it is (an API change), with a fresh ref. */
export function reportUnreadableAnswer(s: EngineServices, err: BillingSchemaError, what: string): string {
  const ref = newErrorRef();
  s.logger.error(
    { err, ref, endpoint: err.endpoint, issues: err.issues },
    `${what}: ModelsLab's answer does not match what this version of mlbot reads (update mlbot?)`,
  );
  return ref;
}

/**
 * `kind`: a `change` (a keyed write) may have been made even when its answer could not be read,
 * so the person is told to look before asking again; a `read` changed nothing.
 */
export async function callBilling<T>(
  s: EngineServices,
  respond: Responder,
  what: string,
  call: () => Promise<T>,
  kind: 'read' | 'change' = 'read',
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (!isBotError(err)) throw err;
    if (err instanceof BillingSchemaError) {
      const ref = reportUnreadableAnswer(s, err, what);
      const after =
        kind === 'change'
          ? `It may have been done all the same: look before you try to ${what} again.`
          : `So I cannot ${what}, and trying again will not help until mlbot is updated.`;
      await respond.reply(refusal(`${unreadableAnswerSentence(ref)} ${after}`));
      return undefined;
    }
    s.logger.warn({ err }, `${what} failed`);
    const limited = rateLimitSentence(err);
    const text =
      limited !== undefined
        ? `${limited} Nothing changed: try to ${what} again after that.`
        : err instanceof BillingHttpError && !isBillingOutage(err)
          ? `ModelsLab refused to ${what} (${err.apiCode}). Nothing changed.`
          : `ModelsLab is not answering right now, so I cannot ${what}. Try again in a minute.`;
    await respond.reply(refusal(text));
    return undefined;
  }
}

/** Replace the clicked message where the platform can (paging, confirm steps), else answer anew. */
export function replaceOrReply(respond: Responder): Responder['reply'] {
  return respond.replaceOriginal ? respond.replaceOriginal.bind(respond) : respond.reply.bind(respond);
}
