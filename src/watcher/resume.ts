/**
 * Which stored requests hold checkouts to watch: the restart scan and the multi-process rescan.
 * Every live session counts (money follows the session): the current link of a request awaiting
 * payment is watched as usual, and any other (a closed request's, a superseded link's) in the
 * background until it can no longer be paid.
 */

import type { PaymentRequest } from '../core/requests/request.ts';
import { liveWatches } from '../core/requests/session-watch.ts';
import type { CheckoutWatch } from '../core/shared/ports.ts';

export interface ResumedWatch {
  readonly watch: CheckoutWatch;
  /** When the link was created: the schedule's age origin. */
  readonly since: number;
  readonly paidClickedAt: number | undefined;
}

export function watchesFromStoredRequests(requests: readonly PaymentRequest[]): ResumedWatch[] {
  const found: ResumedWatch[] = [];
  for (const request of requests) {
    for (const { attempt, watch } of liveWatches(request)) {
      found.push({
        watch,
        since: attempt.linkCreatedAt ?? attempt.dmSentAt ?? request.updatedAt,
        paidClickedAt: attempt.paidClickedAt,
      });
    }
  }
  return found;
}
