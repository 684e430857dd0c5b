/**
 * Short answers to the actor: refusals that state the rule, an unknown request id, a denial, a
 * channel post that failed. A click on a request that moved on is answered in fund/request-notices.ts.
 */

import type { PaymentRequest } from '../requests/request.ts';
import { ChannelClosedError, type MessengerError } from './errors.ts';
import { asSentence, requestContext, whatFor } from './format.ts';
import type { MessageKey, Texts } from './i18n.ts';
import { mentionUser, type Reply } from './reply.ts';
import type { Platform } from './types.ts';
import { usageLine } from './usage.ts';

/**
 * A refusal that states the rule, and the usage when the command was mistyped. Pass the event's
 * platform so the usage reads as typed there (Discord's named options), and the actor's texts.
 */
export function refusal(rule: string): Reply;
export function refusal(rule: string, usage: { usage: string; example: string }, platform: Platform, t: Texts): Reply;
export function refusal(
  rule: string,
  usage?: { usage: string; example: string },
  platform: Platform = 'slack',
  t?: Texts,
): Reply {
  const how = usage && t ? ` ${usageLine(t, usage, platform)}` : '';
  return { text: `${rule}${how}`, tone: 'warning', ephemeral: true };
}

export function notFound(t: Texts, id: string): Reply {
  return { text: t.t('shared.not_found', { id: id.slice(0, 40) }), tone: 'warning', ephemeral: true };
}

export function info(text: string): Reply {
  return { text, ephemeral: true, tone: 'info' };
}

/** The requester's DM after a denial: who denied it and why (or that no reason was given). */
export function deniedDm(t: Texts, request: PaymentRequest): Reply {
  const by = request.closedBy ? t.t('shared.denied_by', { who: mentionUser(request.closedBy.id) }) : '';
  const why = request.reason
    ? t.t('shared.denied_reason', { reason: asSentence(request.reason) })
    : t.t('shared.denied_no_reason');
  const key = request.purpose === 'fund' ? 'shared.denied_fund' : 'shared.denied_subscribe';
  return {
    title: t.t('shared.denied_title'),
    text: t.t(key, { what: whatFor(t, request), by, why }),
    context: [requestContext(t, request)],
    tone: 'danger',
  };
}

const PLATFORM_NAME: Readonly<Record<Platform, MessageKey>> = {
  slack: 'shared.platform_slack',
  discord: 'shared.platform_discord',
  web: 'shared.platform_web',
};

/**
 * Why a post in the channel failed, in words that lead to the fix: only a channel the bot cannot
 * post in calls for an invitation; a timeout or an outage calls for a minute's patience.
 * `what` names the message ("the request card"), `so` what it means ("no request was opened"),
 * both already in `t`'s language.
 */
export function notPosted(t: Texts, err: MessengerError, platform: Platform, what: string, so: string): string {
  if (err instanceof ChannelClosedError) return t.t('shared.not_posted_closed', { what, so });
  return t.t('shared.not_posted_busy', { platform: t.t(PLATFORM_NAME[platform]), what, so });
}
