/**
 * What a failed chat.postMessage tells us about the message: not posted (refused, or never reached Slack),
 * rate limited (nothing was posted; wait and send again), or unknown (it may be in the channel).
 * Only the last one needs a read-back before anything is sent again: "a call that may have been
 * applied is never blindly re-sent".
 */
import { slackErrorCode } from './slack-errors.ts';

export type PostFailure =
  | { readonly kind: 'not_posted' }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
  | { readonly kind: 'unknown' };

// Slack's own words for these: "It's possible some aspect of the operation succeeded before the
// error was raised" (internal_error), or the request timed out / the service was busy after it
// may have started. Every other `ok:false` is a refusal before anything was written.
const MAYBE_APPLIED = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

// Transport errors that prove the request never reached Slack (no connection was made).
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function transportCode(err: unknown): string | undefined {
  let e: unknown = (err as { original?: unknown }).original ?? err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Read a @slack/web-api error thrown by a post made without client retries. */
export function classifyPostFailure(err: unknown): PostFailure {
  if (typeof err !== 'object' || err === null) return { kind: 'unknown' };
  const e = err as { code?: unknown; retryAfter?: unknown; statusCode?: unknown };
  if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number')
    return { kind: 'rate_limited', retryAfterMs: Math.max(0, e.retryAfter * 1000) };
  const platform = slackErrorCode(err);
  if (platform !== undefined) return MAYBE_APPLIED.has(platform) ? { kind: 'unknown' } : { kind: 'not_posted' };
  if (e.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number')
    return e.statusCode >= 500 ? { kind: 'unknown' } : { kind: 'not_posted' };
  // Timeouts (AbortSignal.timeout), resets, half-read answers: the request may have been applied.
  if (e.code === 'slack_webapi_request_error') return transportCode(err) ? { kind: 'not_posted' } : { kind: 'unknown' };
  return { kind: 'unknown' };
}
