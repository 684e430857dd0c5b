/**
 * One-time upgrade step: put closed requests whose checkout session may still be paid back into
 * the store's open index.
 *
 * Before money followed the session, a request left the open index when it closed (cancelled,
 * failed, superseded), so after an upgrade the watcher's restart scan would not find a session
 * that a payer can still pay on Stripe's page: that payment would never be confirmed. Sessions
 * live at most 24 h (Stripe Checkout), so only requests created in the last 25 h can hold one;
 * `put` files each one where it now belongs. A session found this way that already ended is
 * checked once more by the watcher and then recorded as ended, which takes it out of the index.
 * The marker in the key-value store makes the step run once per store.
 */
import type { Clock, KeyValueStore, Logger, RequestStore } from '../shared/ports.ts';
import { belongsInOpenIndex, isOpen } from './request.ts';

const MARKER = 'migration:live-session-index:v1';
const LONGEST_SESSION_MS = 25 * 60 * 60 * 1000;

export async function reindexLiveSessions(
  requests: RequestStore,
  kv: KeyValueStore,
  clock: Clock,
  logger: Logger,
): Promise<number> {
  if (await kv.get<number>(MARKER)) return 0;
  let reindexed = 0;
  for (const request of await requests.listSince(clock.now() - LONGEST_SESSION_MS)) {
    if (isOpen(request.state) || !belongsInOpenIndex(request)) continue;
    await requests.put(request);
    reindexed += 1;
  }
  await kv.set(MARKER, clock.now());
  if (reindexed > 0) logger.info({ reindexed }, 'closed requests with a payable session are watched again');
  return reindexed;
}
