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
 *   awaiting_payment  → card; the watcher polls confirm-checkout (outcome.ts moves it on)
 *   paid              → receipt in the card's thread; card "Paid"; DM "Received, thanks"
 *   expired           → card "Link expired"; DM with [New link]
 *   denied / cancelled / approval_expired / failed → card final; DM closed; stop watching
 */
import { currentAttempt, type PaymentRequest } from '../request.ts';
import type { RunOptions } from '../request-lock.ts';
import type { EngineServices } from '../services.ts';
import { syncCard } from './card-step.ts';
import { createLink } from './link-step.ts';
import { type Notify, sendLinkDm, syncPayerDm } from './payer-step.ts';
import { postReceipt } from './receipt-step.ts';

export async function drive(s: EngineServices, request: PaymentRequest, notify?: Notify): Promise<void> {
  for (let step = 0; step < 10; step++) {
    await syncCard(s, request);
    switch (request.state) {
      case 'awaiting_approval':
        return;
      case 'approved':
        if (!(await createLink(s, request, notify?.respond))) return;
        continue;
      case 'link_created':
        if (!(await sendLinkDm(s, request, notify))) return;
        continue;
      case 'awaiting_payment': {
        const attempt = currentAttempt(request);
        if (attempt?.sessionId && attempt.expiresAt !== undefined) {
          s.watcher.watch({
            requestId: request.id,
            attempt: attempt.n,
            purpose: request.purpose,
            sessionId: attempt.sessionId,
            expiresAt: attempt.expiresAt,
          });
        }
        return;
      }
      case 'paid': {
        s.watcher.unwatch(request.id);
        // The card and the DM still move to "Paid" when the receipt post fails; the error is
        // rethrown so the caller logs it, and the next sweep posts the receipt (owes()).
        const receiptFailure = await postReceipt(s, request).then(
          () => undefined,
          (err: unknown) => ({ err }),
        );
        await syncCard(s, request);
        await syncPayerDm(s, request);
        if (receiptFailure) throw receiptFailure.err;
        return;
      }
      default:
        s.watcher.unwatch(request.id);
        await syncPayerDm(s, request);
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
