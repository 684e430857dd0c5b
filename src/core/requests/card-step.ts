/**
 * Keep the request card in step with the request: post it once, then edit it on every state
 * change, and when a second payment arrives on a paid request (the card says it was paid twice).
 */

import type { EngineServices } from '../shared/services.ts';
import { requestCard } from './card.ts';
import { chargeSignature, shownChargeSignature } from './card-charge.ts';
import { editGivenUp } from './edit-retry.ts';
import { confirmedAttempts, type PaymentRequest } from './request.ts';
import { channelTexts } from './texts.ts';

/**
 * Post the card if there is none (failure propagates: the request has no home yet), or edit it
 * when `cardState` lags behind. A failed edit is logged and retried by the next drive (the sweep)
 * for up to an hour (edit-retry.ts).
 * Crash window: a card posted but not yet recorded is posted again after a restart (a duplicate
 * card, never a duplicate payment).
 */
export async function syncCard(s: EngineServices, request: PaymentRequest): Promise<void> {
  const messenger = s.outbox.messenger(request.platform);
  const payments = confirmedAttempts(request).length;
  const approvals = request.approvals?.length ?? 0;
  // The card-on-file offer and charges change the card without changing the state.
  const charges = chargeSignature(request);
  if (!request.card) {
    request.card = await messenger.post(request.conversation, requestCard(channelTexts(s), request));
    request.cardState = request.state;
    request.cardPayments = payments;
    request.cardApprovals = approvals;
    request.cardCharges = charges;
    await s.ledger.save(request);
    return;
  }
  // Cards stored before payments were counted showed at most one.
  const shown = request.cardPayments ?? Math.min(payments, 1);
  // An approval given or withdrawn changes the card without changing the state (two-person approval).
  const approvalsShown = request.cardApprovals ?? 0;
  const chargesShown = shownChargeSignature(request);
  if (
    request.cardState === request.state &&
    shown >= payments &&
    approvalsShown === approvals &&
    chargesShown === charges
  )
    return;
  try {
    await messenger.update(request.card, requestCard(channelTexts(s), request));
  } catch (err) {
    const now = s.clock.now();
    if (!editGivenUp(request.cardEditFailingSince, now)) {
      if (request.cardEditFailingSince === undefined) {
        request.cardEditFailingSince = now;
        await s.ledger.save(request);
      }
      s.logger.warn({ err, requestId: request.id, state: request.state }, 'card update failed; will retry');
      return;
    }
    s.logger.error({ err, requestId: request.id, state: request.state }, 'card update failed for an hour; giving up');
  }
  request.cardState = request.state;
  request.cardPayments = payments;
  request.cardApprovals = approvals;
  request.cardCharges = charges;
  delete request.cardEditFailingSince;
  await s.ledger.save(request);
}
