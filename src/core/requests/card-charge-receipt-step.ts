/**
 * Exactly one receipt per succeeded card charge, in the thread of the request card, with the
 * crash-safe marker of receipt-step.ts: `receiptPendingAt` is written before the post and
 * `receiptPostedAt` after it, so a restart that finds the marker without the record posts again,
 * labelled "re-sent", and a lost receipt and a duplicate never look alike.
 */
import type { EngineServices } from '../shared/services.ts';
import { chargeReceipt } from './card-charge-receipt.ts';
import type { CardChargeAttempt, PaymentRequest } from './request.ts';
import { channelTexts } from './texts.ts';

/** Succeeded charges whose receipt is not recorded yet. */
export function owedChargeReceipts(request: PaymentRequest): CardChargeAttempt[] {
  return (request.charges ?? []).filter((c) => c.outcome === 'succeeded' && c.receiptPostedAt === undefined);
}

export async function postChargeReceipts(s: EngineServices, request: PaymentRequest): Promise<void> {
  for (let n = 0; n < (request.charges?.length ?? 0); n++) {
    const fresh = (await s.ledger.get(request.id)) ?? request;
    if (fresh !== request) Object.assign(request, fresh);
    const charge = owedChargeReceipts(request)[0];
    if (!charge) return;
    const resent = charge.receiptPendingAt !== undefined;
    if (resent)
      s.logger.warn(
        { requestId: request.id, charge: charge.n },
        'card charge receipt was pending (crash or failed post); posting it again, labelled',
      );
    charge.receiptPendingAt = s.clock.now();
    await s.ledger.save(request);
    const options = request.card ? { thread: request.card } : undefined;
    charge.receipt = await s.outbox
      .messenger(request.platform)
      .post(request.conversation, chargeReceipt(channelTexts(s), request, charge, { resent }), options);
    charge.receiptPostedAt = s.clock.now();
    await s.ledger.save(request);
  }
}
