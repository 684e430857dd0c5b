/**
 * The crash-safe receipt loop shared by paid sessions (receipt-step.ts) and card charges
 * (card-charge-receipt-step.ts): for each owed receipt, oldest first, re-read the request
 * (another process may have posted it), write the "receipt pending" marker, post, record.
 *
 * A restart (or the sweep after a failed post) that finds the marker without the record posts
 * again, labelled "re-sent because the first post could not be confirmed": the only way to get
 * two receipts for one payment, and it says so; without the marker a lost receipt and a duplicate
 * would look alike.
 */
import type { Texts } from '../shared/i18n.ts';
import type { Reply } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { MessageRef } from '../shared/types.ts';
import type { PaymentRequest } from './request.ts';
import { channelTexts } from './texts.ts';

/** What a receipt is owed for: the marker and record fields the loop writes. */
export interface ReceiptMarked {
  readonly n: number;
  receipt?: MessageRef;
  receiptPendingAt?: number;
  receiptPostedAt?: number;
}

/** One kind of receipt: what is owed, how it reads, and how a re-send is logged. */
export interface ReceiptKind<T extends ReceiptMarked> {
  /** Every item of this kind on the request (bounds the loop: at most one post per item). */
  all(request: PaymentRequest): readonly T[];
  /** The items whose receipt is not recorded yet, oldest first. */
  owed(request: PaymentRequest): readonly T[];
  render(t: Texts, request: PaymentRequest, item: T, options: { resent: boolean }): Reply;
  /** The warning logged before a re-send (a log call of its own, so the log line stays literal). */
  logResent(s: EngineServices, request: PaymentRequest, item: T): void;
}

export async function postOwed<T extends ReceiptMarked>(
  s: EngineServices,
  request: PaymentRequest,
  kind: ReceiptKind<T>,
): Promise<void> {
  for (let n = 0; n < kind.all(request).length; n++) {
    const fresh = (await s.ledger.get(request.id)) ?? request;
    if (fresh !== request) Object.assign(request, fresh);
    const item = kind.owed(request)[0];
    if (!item) return;
    const resent = item.receiptPendingAt !== undefined;
    if (resent) kind.logResent(s, request, item);
    item.receiptPendingAt = s.clock.now();
    await s.ledger.save(request);
    const options = request.card ? { thread: request.card } : undefined;
    item.receipt = await s.outbox
      .messenger(request.platform)
      .post(request.conversation, kind.render(channelTexts(s), request, item, { resent }), options);
    item.receiptPostedAt = s.clock.now();
    await s.ledger.save(request);
  }
}
