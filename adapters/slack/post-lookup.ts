/**
 * Finding our own post again. Every chat.postMessage carries message metadata
 * `{event_type: "mlbot_post", event_payload: {post_key}}` with a random key; after an answer
 * that never came, conversations.history (top-level posts) or conversations.replies (thread
 * replies) with `include_all_metadata=true` tells whether Slack has the message, and its ts.
 *
 * Rate tiers: both reads are Tier 3 (50+ a minute) for apps built for one workspace; Slack
 * limits commercially distributed non-Marketplace apps to 1 a minute and 15 messages a page.
 * So a read happens only after an unknown outcome (rare), is bounded by `oldest` and `latest`
 * (the send time, give or take a clock-skew margin) and asks for one page of `limit` messages:
 * a post buried under more than `limit` others posted in that span is not found (then it is
 * sent again once, and the late-copy check, which reads the same span, may miss it too).
 * Scopes: channels:history, groups:history, im:history, mpim:history (manifest.yml).
 */
import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

export const POST_EVENT_TYPE = 'mlbot_post';

/** Slack's clock and ours may disagree; look this far before our send time. */
const SKEW_MS = 120_000;
/** A post may be applied this long after it was sent (a slow Slack still working on it). */
const LATE_LANDING_MS = 180_000;

export function postMetadata(postKey: string): { event_type: string; event_payload: { post_key: string } } {
  return { event_type: POST_EVENT_TYPE, event_payload: { post_key: postKey } };
}

export interface PostLocation {
  readonly channel: string;
  /** Set for thread replies (receipts): read the thread instead of the channel. */
  readonly threadTs?: string | undefined;
}

interface ListedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function keyOf(m: ListedMessage): string | undefined {
  if (m.metadata?.event_type !== POST_EVENT_TYPE) return undefined;
  const key = m.metadata.event_payload?.post_key;
  return typeof key === 'string' ? key : undefined;
}

/**
 * The ts of every message in `where` carrying `postKey`, oldest first (normally zero or one).
 * Throws whatever the read throws: the caller decides what an unanswerable question means.
 */
export async function findPosts(
  client: WebClient,
  where: PostLocation,
  postKey: string,
  sentAtMs: number,
  limit: number,
): Promise<string[]> {
  const oldest = (Math.max(0, sentAtMs - SKEW_MS) / 1000).toFixed(6);
  const latest = ((sentAtMs + SKEW_MS + LATE_LANDING_MS) / 1000).toFixed(6);
  const span = { oldest, latest, inclusive: true, limit, include_all_metadata: true };
  const res = where.threadTs
    ? await client.conversations.replies({ channel: where.channel, ts: where.threadTs, ...span })
    : await client.conversations.history({ channel: where.channel, ...span });
  const messages = (res.messages ?? []) as ListedMessage[];
  return messages
    .filter((m) => keyOf(m) === postKey && typeof m.ts === 'string')
    .map((m) => m.ts as string)
    .sort((a, b) => Number(a) - Number(b));
}
