/** Exactly one receipt per paid session, in the thread of the request card. */

import type { EngineServices } from '../shared/services.ts';
import { receipt } from './receipt.ts';
import type { CheckoutAttempt, PaymentRequest } from './request.ts';
import { channelTexts } from './texts.ts';

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
  for (let n = 0; n < request.attempts.length; n++) {
    const fresh = (await s.ledger.get(request.id)) ?? request;
    if (fresh !== request) Object.assign(request, fresh);
    const attempt = owedReceipts(request)[0];
    if (!attempt) return;
    const resent = attempt.receiptPendingAt !== undefined;
    if (resent)
      s.logger.warn(
        { requestId: request.id, attempt: attempt.n },
        'receipt was pending (crash or failed post); posting it again, labelled',
      );
    attempt.receiptPendingAt = s.clock.now();
    await s.ledger.save(request);
    const options = request.card ? { thread: request.card } : undefined;
    attempt.receipt = await s.outbox
      .messenger(request.platform)
      .post(request.conversation, receipt(channelTexts(s), request, attempt, { resent }), options);
    attempt.receiptPostedAt = s.clock.now();
    await s.ledger.save(request);
  }
}
