/**
 * Short answers every room gives: a refusal that states the rule, a plain note, and why a channel
 * post failed. Answers about one request's state live with its buttons (fund/request-notices.ts).
 */

import { ChannelClosedError, type MessengerError } from './errors.ts';
import type { Reply } from './reply.ts';
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

export function info(text: string): Reply {
  return { text, ephemeral: true, tone: 'info' };
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
