/** What a failed Web API call means for us, read from @slack/web-api's coded errors. */
import { ChannelClosedError, MessengerError } from '../../src/core/shared/errors.ts';

/** `error` of an `ok:false` answer (WebAPIPlatformError), if that is what `err` is. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; data?: { error?: unknown } };
  if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') return e.data.error;
  return undefined;
}

// Answers that mean "this person cannot get a DM from the bot", from conversations.open or
// from chat.postMessage into the DM channel.
const DM_CLOSED = new Set([
  'cannot_dm_bot',
  'user_disabled',
  'user_not_found',
  'user_not_visible',
  'channel_not_found',
  'is_archived',
  'messages_tab_disabled',
  'not_in_channel',
]);

export function isDmClosed(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== undefined && DM_CLOSED.has(code);
}

/** The bot cannot post in this channel (not invited, private, archived). */
export function isChannelClosed(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived';
}

/**
 * The MessengerError for a failed post: ChannelClosedError when the bot cannot post in the
 * channel at all (the fix is an invitation), a plain MessengerError for everything else
 * (timeouts, 5xx, rate limits, Slack's own fatal_error), where the fix is to try again later.
 */
export function postFailure(what: string, err: unknown): MessengerError {
  const message = `${what} failed: ${describe(err)}`;
  return isChannelClosed(err)
    ? new ChannelClosedError(message, { cause: err })
    : new MessengerError(message, { cause: err });
}

export function describe(err: unknown): string {
  return slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err));
}
