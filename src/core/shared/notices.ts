/**
 * Short answers to the actor: refusals that state the rule, an unknown request id, a denial, a
 * channel post that failed. A click on a request that moved on is answered in fund/request-notices.ts.
 */

import type { PaymentRequest } from '../requests/request.ts';
import { ChannelClosedError, type MessengerError } from './errors.ts';
import { asSentence, requestContext, whatFor } from './format.ts';
import { mentionUser, type Reply } from './reply.ts';
import type { Platform } from './types.ts';
import { usageLine } from './usage.ts';

/**
 * A refusal that states the rule, and the usage when the command was mistyped. Pass the event's
 * platform so the usage reads as typed there (Discord's named options); Slack's form otherwise.
 */
export function refusal(rule: string, usage?: { usage: string; example: string }, platform: Platform = 'slack'): Reply {
  const how = usage ? ` ${usageLine(usage, platform)}` : '';
  return { text: `${rule}${how}`, tone: 'warning', ephemeral: true };
}

export function notFound(id: string): Reply {
  return {
    text: `I can't find request "${id.slice(0, 40)}". /ml status lists the open ones.`,
    tone: 'warning',
    ephemeral: true,
  };
}

export function info(text: string): Reply {
  return { text, ephemeral: true, tone: 'info' };
}

/** The requester's DM after a denial: who denied it and why (or that no reason was given). */
export function deniedDm(request: PaymentRequest): Reply {
  const by = request.closedBy ? ` by ${mentionUser(request.closedBy.id)}` : '';
  const why = request.reason ? `Reason: ${asSentence(request.reason)}` : 'No reason was given.';
  const what =
    request.purpose === 'fund' ? `to add ${whatFor(request)} to the wallet` : `to subscribe to ${whatFor(request)}`;
  return {
    title: 'Request denied',
    text: `Your request ${what} was denied${by}. ${why}`,
    context: [requestContext(request)],
    tone: 'danger',
  };
}

const PLATFORM_NAME: Readonly<Record<Platform, string>> = { slack: 'Slack', discord: 'Discord', web: 'The playground' };

/**
 * Why a post in the channel failed, in words that lead to the fix: only a channel the bot cannot
 * post in calls for an invitation; a timeout or an outage calls for a minute's patience.
 * `what` names the message ("the request card"), `so` what it means ("no request was opened").
 */
export function notPosted(err: MessengerError, platform: Platform, what: string, so: string): string {
  if (err instanceof ChannelClosedError) {
    return `I could not post ${what} in this channel, so ${so}. Invite the bot to the channel (or use a channel it is in) and try again.`;
  }
  return `${PLATFORM_NAME[platform]} did not take ${what} just now (it did not answer in time or had an error), so ${so}. Try again in a minute.`;
}
