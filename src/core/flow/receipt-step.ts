/** Exactly one receipt per payment, in the thread of the request card. */
import type { CheckoutAttempt, PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import { receipt } from '../views/receipt.ts';

export function paidAttempt(request: PaymentRequest): CheckoutAttempt | undefined {
  return request.attempts.findLast((a) => a.confirmedAt !== undefined) ?? request.attempts.at(-1);
}

/**
 * Re-read the request (another process may have posted it), skip if `receiptPostedAt` is set,
 * write the "receipt pending" marker, post, record.
 *
 * Remaining window: if the process dies after the platform accepted the post but before
 * `receiptPostedAt` is written (one store write), the restart finds the marker without the
 * record and posts again, labelled "re-sent because the first post could not be confirmed". That is the only way to get two
 * receipts, and it says so; without the marker a lost receipt and a duplicate would look alike.
 *
 * A post that fails (the platform answered an error, or did not answer) keeps the marker and
 * throws; the sweep posts again, labelled too, because an error such as Slack's
 * `internal_error` or a timeout does not prove that nothing was posted.
 */
export async function postReceipt(s: EngineServices, request: PaymentRequest): Promise<void> {
  const fresh = (await s.ledger.get(request.id)) ?? request;
  const attempt = paidAttempt(fresh);
  if (!attempt || attempt.receiptPostedAt !== undefined) {
    if (fresh !== request) Object.assign(request, fresh);
    return;
  }
  if (fresh !== request) Object.assign(request, fresh);
  const resent = attempt.receiptPendingAt !== undefined;
  if (resent)
    s.logger.warn({ requestId: request.id }, 'receipt was pending (crash or failed post); posting it again, labelled');
  attempt.receiptPendingAt = s.clock.now();
  await s.ledger.save(request);
  const options = request.card ? { thread: request.card } : undefined;
  attempt.receipt = await s.outbox
    .messenger(request.platform)
    .post(request.conversation, receipt(request, attempt, { resent }), options);
  attempt.receiptPostedAt = s.clock.now();
  await s.ledger.save(request);
}
