/**
 * One ModelsLab read or write on behalf of a person: on a billing failure (down, rate-limited,
 * refused) the person is told plainly and the caller gets `undefined`; other errors propagate
 * to the engine's "Something went wrong (ref)".
 */

import { rateLimitSentence } from './budget-wait.ts';
import { BillingHttpError, isBillingOutage, isBotError } from './errors.ts';
import { refusal } from './notices.ts';
import type { Responder } from './ports.ts';
import type { EngineServices } from './services.ts';

export async function callBilling<T>(
  s: EngineServices,
  respond: Responder,
  what: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (!isBotError(err)) throw err;
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
