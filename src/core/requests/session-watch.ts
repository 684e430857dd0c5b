/**
 * Hand a request's live sessions to the watcher. Which sessions and how urgently is decided by
 * `liveWatches` (queries.ts), the one mapping the watcher's restart scan uses too, so the driver
 * and a restart describe a session the same way.
 */
import type { CheckoutWatcher } from '../shared/ports.ts';
import { liveWatches } from './queries.ts';
import type { PaymentRequest } from './request.ts';

/** Hand every live session of the request to the watcher (idempotent: known ones only change priority). */
export function watchLiveSessions(watcher: CheckoutWatcher, request: PaymentRequest): void {
  for (const { watch } of liveWatches(request)) watcher.watch(watch);
}
