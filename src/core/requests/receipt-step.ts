/** Exactly one receipt per paid session, in the thread of the request card. */

import type { EngineServices } from '../shared/services.ts';
import { receipt } from './receipt.ts';
import { postOwed, type ReceiptKind } from './receipt-loop.ts';
import type { CheckoutAttempt, PaymentRequest } from './request.ts';

/** Confirmed attempts whose receipt is not recorded yet: each paid session owes one receipt. */
export function owedReceipts(request: PaymentRequest): CheckoutAttempt[] {
  return request.attempts.filter((a) => a.confirmedAt !== undefined && a.receiptPostedAt === undefined);
}

/**
 * Post every receipt the request owes, one per paid session, oldest first. For each: re-read the
 * request (another process may have posted it), skip if its `receiptPostedAt` is set, write the
 * "receipt pending" marker, post, record.
 *
 * Remaining window: if the process dies after the platform accepted the post but before
 * `receiptPostedAt` is written (one store write), the restart finds the marker without the
 * record and posts again, labelled "re-sent because the first post could not be confirmed". That
 * is the only way to get two receipts for one payment, and it says so; without the marker a lost
 * receipt and a duplicate would look alike.
 *
 * A post that fails (the platform answered an error, or did not answer) keeps the marker and
 * throws; the sweep posts again, labelled too, because an error such as Slack's
 * `internal_error` or a timeout does not prove that nothing was posted.
 */
export async function postReceipts(s: EngineServices, request: PaymentRequest): Promise<void> {
  await postOwed(s, request, SESSION_RECEIPTS);
}

const SESSION_RECEIPTS: ReceiptKind<CheckoutAttempt> = {
  all: (request) => request.attempts,
  owed: owedReceipts,
  render: receipt,
  logResent: (s, request, attempt) =>
    s.logger.warn(
      { requestId: request.id, attempt: attempt.n },
      'receipt was pending (crash or failed post); posting it again, labelled',
    ),
};
