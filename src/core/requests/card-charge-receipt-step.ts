/**
 * Exactly one receipt per succeeded card charge, in the thread of the request card, with the
 * crash-safe marker loop of receipt-loop.ts: `receiptPendingAt` is written before the post and
 * `receiptPostedAt` after it, so a restart that finds the marker without the record posts again,
 * labelled "re-sent", and a lost receipt and a duplicate never look alike.
 */
import type { EngineServices } from '../shared/services.ts';
import { chargeReceipt } from './card-charge-receipt.ts';
import { postOwed, type ReceiptKind } from './receipt-loop.ts';
import type { CardChargeAttempt, PaymentRequest } from './request.ts';

/** Succeeded charges whose receipt is not recorded yet. */
export function owedChargeReceipts(request: PaymentRequest): CardChargeAttempt[] {
  return (request.charges ?? []).filter((c) => c.outcome === 'succeeded' && c.receiptPostedAt === undefined);
}

export async function postChargeReceipts(s: EngineServices, request: PaymentRequest): Promise<void> {
  await postOwed(s, request, CHARGE_RECEIPTS);
}

const CHARGE_RECEIPTS: ReceiptKind<CardChargeAttempt> = {
  all: (request) => request.charges ?? [],
  owed: owedChargeReceipts,
  render: chargeReceipt,
  logResent: (s, request, charge) =>
    s.logger.warn(
      { requestId: request.id, charge: charge.n },
      'card charge receipt was pending (crash or failed post); posting it again, labelled',
    ),
};
