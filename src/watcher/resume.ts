/** Which stored requests are checkouts to watch: the restart scan and the multi-process rescan. */
import type { CheckoutWatch } from '../core/ports.ts';
import { currentAttempt, type PaymentRequest } from '../core/request.ts';

export interface ResumedWatch {
  readonly watch: CheckoutWatch;
  /** When the link was created: the schedule's age origin. */
  readonly since: number;
  readonly paidClickedAt: number | undefined;
}

export function watchesFromOpenRequests(requests: readonly PaymentRequest[]): ResumedWatch[] {
  const found: ResumedWatch[] = [];
  for (const request of requests) {
    if (request.state !== 'awaiting_payment' && request.state !== 'link_created') continue;
    const attempt = currentAttempt(request);
    if (!attempt?.sessionId || attempt.expiresAt === undefined) continue;
    found.push({
      watch: {
        requestId: request.id,
        attempt: attempt.n,
        purpose: request.purpose,
        sessionId: attempt.sessionId,
        expiresAt: attempt.expiresAt,
      },
      since: attempt.linkCreatedAt ?? attempt.dmSentAt ?? request.updatedAt,
      paidClickedAt: attempt.paidClickedAt,
    });
  }
  return found;
}
