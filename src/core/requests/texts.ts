/**
 * Which language a request's message speaks. A channel post (card, receipt, reminder) speaks the
 * workspace's language; a DM outside an event (the payment link, the paid DM, an expiry notice)
 * speaks the language its requester used when opening it (`request.locale`), since the payer is
 * the requester; a request stored before languages existed falls back to the workspace's.
 */
import { localeOf, type Texts } from '../shared/i18n.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Actor } from '../shared/types.ts';
import type { PaymentRequest } from './request.ts';

/** A person's own language (as ctx.t): for private answers to `actor`. */
export function actorTexts(s: EngineServices, actor: Actor): Texts {
  return s.texts(localeOf(actor.locale) ?? s.locale());
}

/** The workspace's language: for posts in the channel. */
export function channelTexts(s: EngineServices): Texts {
  return s.texts(s.locale());
}

/** The requester's language, captured when the request was opened. */
export function requesterTexts(s: EngineServices, request: PaymentRequest): Texts {
  return s.texts(request.locale ?? s.locale());
}

/** The payer's language: today the payer is always the requester. */
export function payerTexts(s: EngineServices, request: PaymentRequest): Texts {
  return request.payer.id === request.requester.id ? requesterTexts(s, request) : channelTexts(s);
}
