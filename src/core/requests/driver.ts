/**
 * The flow driver: given a request's persisted state, perform whatever side effects that state
 * still owes, recording each one when done, until the request needs a person or an outside
 * event. Handlers call it after a transition; `resume()` calls it for every open request after a
 * restart; `sweep()` calls it for requests stuck on an outage. Because it only looks at what is
 * recorded, running it twice does nothing the second time.
 *
 *   awaiting_approval → card with Approve / Deny
 *   approved          → card; create the link of the current attempt        → link_created
 *   link_created      → DM the link to the payer                           → awaiting_payment
 *   awaiting_payment  → card; the watcher polls confirm-checkout (outcome.ts moves it on);
 *                       older links' DMs lose their buttons; a top-up looks up the default saved
 *                       card once, and the card offers "Charge card on file" (card-offer-step.ts)
 *   paid              → one receipt per paid session in the card's thread; card "Paid"; DM
 *                       "Received, thanks"; a new DM for a late or second payment
 *   expired           → card "Link expired"; the DM loses its Pay button; a new DM with [New link]
 *   denied / cancelled / approval_expired / failed → card final; DM closed
 *
 * Before all of it, in any state: a card-on-file charge whose answer never came is replayed with
 * its own key, and a pending one is followed (card-charge-step.ts); a charge that succeeded pays
 * the request, and `paid` posts its receipt like a session's.
 *
 * In every state, every session that can still be paid stays watched (money follows the
 * session): closing a request never stops the watcher; a closed request's sessions and
 * superseded links are watched in the background until they can no longer be paid.
 */

import type { EngineServices } from '../shared/services.ts';
import { postChargeReceipts } from './card-charge-receipt-step.ts';
import { followCardCharges } from './card-charge-step.ts';
import { offerCardOnFile } from './card-offer-step.ts';
import { syncCard } from './card-step.ts';
import { sendLatePaymentNotices } from './late-payment-step.ts';
import { createLink } from './link-step.ts';
import { type Notify, sendExpiryNotice, sendLinkDm, syncOlderDms, syncPayerDm } from './payer-step.ts';
import { postReceipts } from './receipt-step.ts';
import type { PaymentRequest } from './request.ts';
import type { RunOptions } from './request-lock.ts';
import { watchLiveSessions } from './session-watch.ts';

export async function drive(s: EngineServices, request: PaymentRequest, notify?: Notify): Promise<void> {
  await followCardCharges(s, request);
  for (let step = 0; step < 10; step++) {
    await syncCard(s, request);
    watchLiveSessions(s.watcher, request);
    switch (request.state) {
      case 'awaiting_approval':
        return;
      case 'approved':
        if (!(await createLink(s, request, notify?.respond, notify?.texts))) return;
        continue;
      case 'link_created':
        if (!(await sendLinkDm(s, request, notify))) return;
        continue;
      case 'awaiting_payment':
        await syncOlderDms(s, request);
        // After the link went out, never before or around it: a slow lookup keeps no link waiting.
        await offerCardOnFile(s, request);
        await syncCard(s, request);
        return;
      case 'paid': {
        // The card and the DM still move to "Paid" when a receipt post fails; the error is
        // rethrown so the caller logs it, and the next sweep posts the receipt (owes()).
        const receiptFailure = await postReceipts(s, request)
          .then(() => postChargeReceipts(s, request))
          .then(
            () => undefined,
            (err: unknown) => ({ err }),
          );
        await syncCard(s, request);
        await syncPayerDm(s, request);
        await syncOlderDms(s, request);
        if (receiptFailure) throw receiptFailure.err;
        await sendLatePaymentNotices(s, request);
        return;
      }
      case 'expired':
        await syncPayerDm(s, request);
        await sendExpiryNotice(s, request);
        await syncOlderDms(s, request);
        // The team still needs the money: the card on file stays on offer.
        await offerCardOnFile(s, request);
        await syncCard(s, request);
        return;
      default:
        await syncPayerDm(s, request);
        await syncOlderDms(s, request);
        return;
    }
  }
}

/** Load, lock and drive one request. `{ wait: false }`: throw RequestBusyError rather than wait for the lock. */
export async function advance(s: EngineServices, id: string, notify?: Notify, options?: RunOptions): Promise<void> {
  await s.locks.run(
    id,
    async () => {
      const request = await s.ledger.get(id);
      if (request) await drive(s, request, notify);
    },
    options,
  );
}
