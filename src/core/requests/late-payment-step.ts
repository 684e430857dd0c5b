/**
 * A payment that arrived after its request was closed, on a superseded link, or a second time
 * is told to the payer as a NEW DM (the receipt in the thread tells the approvers). Once per
 * paid session. Crash window: a notice delivered but not yet recorded is sent again after a
 * restart (a repeated notice, never a repeated credit).
 */
import { DmClosedError } from '../shared/errors.ts';
import type { EngineServices } from '../shared/services.ts';
import { latePaymentDm } from './payer-dm.ts';
import type { PaymentRequest } from './request.ts';
import { payerTexts } from './texts.ts';

export async function sendLatePaymentNotices(s: EngineServices, request: PaymentRequest): Promise<void> {
  for (const attempt of request.attempts) {
    if (attempt.paidAfter === undefined || attempt.lateNoticeSentAt !== undefined) continue;
    if (attempt.receiptPostedAt === undefined) continue; // the notice points at the receipt
    try {
      await s.outbox
        .messenger(request.platform)
        .dm(request.payer, latePaymentDm(payerTexts(s, request), request, attempt));
    } catch (err) {
      if (!(err instanceof DmClosedError)) throw err;
      s.logger.warn({ requestId: request.id, attempt: attempt.n }, 'payer DMs closed; late-payment notice not sent');
    }
    attempt.lateNoticeSentAt = s.clock.now();
    await s.ledger.save(request);
  }
}
