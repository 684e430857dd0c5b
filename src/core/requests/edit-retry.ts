/**
 * How long a failing card or DM edit is retried (by the sweep, every 30 s by default) before it
 * is given up. An edit that keeps failing usually means the message is gone (deleted, channel
 * archived); an hour outlasts a platform outage without calling the platform forever.
 */
export const EDIT_RETRY_WINDOW_MS = 60 * 60 * 1000;

/** True when an edit first failing at `since` has been retried long enough. */
export function editGivenUp(since: number | undefined, now: number): boolean {
  return since !== undefined && now - since >= EDIT_RETRY_WINDOW_MS;
}
