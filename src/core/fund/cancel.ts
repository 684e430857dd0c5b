/**
 * Cancel: the requester or an approver, while the request is not finished. If a link is out,
 * confirm-checkout is asked once first, through the watcher's prompt check (inside the shared
 * billing budget): a payment that already went through is recorded as paid, never hidden behind
 * "cancelled". The request's lock is released for that check (the watcher hands a payment to the
 * engine, which takes the lock) and the request is read again before it is cancelled.
 *
 * Cancelling never stops the money: Stripe keeps the session payable until it expires, so the
 * watcher keeps checking it in the background and a later payment is confirmed and receipted.
 */

import { receiptWhere } from '../requests/card.ts';
import { unsettledCharge } from '../requests/card-charge.ts';
import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import { currentAttempt, isOpen, type PaymentRequest } from '../requests/request.ts';
import { watchOf } from '../requests/session-watch.ts';
import { actorTexts } from '../requests/texts.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { mayCancel } from '../shared/policy.ts';
import type { CheckoutWatch, Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent, Actor } from '../shared/types.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

/** The session a payer may have just paid, if the request has a link out. */
function linkOut(request: PaymentRequest): CheckoutWatch | undefined {
  const attempt = currentAttempt(request);
  if (!attempt?.sessionId || !['link_created', 'awaiting_payment'].includes(request.state)) return undefined;
  return watchOf(request, attempt);
}

/**
 * A card-on-file charge without a final answer may have reached the bank, and an unanswered one is
 * replayed with its key until it is answered: cancelling now could let the card be charged after
 * the cancel. Cancel waits for the answer instead (the charge's card line shows it).
 */
async function refusedWhileCharging(t: Texts, request: PaymentRequest, respond: Responder): Promise<boolean> {
  const charge = unsettledCharge(request);
  if (!charge) return false;
  await respond.reply(
    refusal(
      t.t('cardCharge.cancel_waits', {
        id: request.id,
        amount: t.money(charge.amountCents),
        brand: charge.brand,
        last4: charge.last4,
      }),
    ),
  );
  return true;
}

/** `target`: a typed id (`/ml cancel r123`) or the Cancel click, whose message must be the request's. */
export async function cancelRequest(
  s: EngineServices,
  actor: Actor,
  target: string | ActionEvent,
  respond: Responder,
  texts?: Texts,
): Promise<void> {
  const t = texts ?? actorTexts(s, actor);
  const id = (typeof target === 'string' ? target : target.value).trim();
  let check: CheckoutWatch | undefined;
  let allowed = false;
  await withRequest(s, target, respond, t, async (request) => {
    if (!isOpen(request.state)) {
      await respond.reply(currentState(t, request));
      return;
    }
    const verdict = mayCancel(actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t)));
      return;
    }
    if (await refusedWhileCharging(t, request, respond)) return;
    allowed = true;
    check = linkOut(request);
  });
  if (!allowed) return;
  if (check) {
    // Unknown is not paid: cancel, and the watcher still records a late payment (cancelled -> paid).
    const found = await s.watcher.checkNow(check);
    if (found.kind !== 'answered') s.logger.warn({ requestId: id }, 'could not check the checkout before cancelling');
  }
  await withRequest(s, id, respond, t, async (request) => {
    if (request.state === 'paid') {
      await respond.reply(info(t.t('fund.already_paid', { id: request.id, where: receiptWhere(t, request) })));
      return;
    }
    if (!isOpen(request.state)) {
      await respond.reply(currentState(t, request));
      return;
    }
    if (await refusedWhileCharging(t, request, respond)) return;
    request.closedBy = userRef(actor);
    await s.ledger.transition(request, 'cancelled', { actor: request.closedBy });
    await drive(s, request);
    await respond.reply(info(t.t('fund.cancelled', { id: request.id })));
  });
}

export const cancelAction: ActionHandler = ({ s, event, respond, t }) =>
  cancelRequest(s, event.actor, event, respond, t);
