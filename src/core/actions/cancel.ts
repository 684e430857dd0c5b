/**
 * Cancel: the requester or an approver, while the request is not finished. If a link is out,
 * confirm-checkout is asked once first: a payment that already went through is recorded as
 * paid, never hidden behind "cancelled".
 */
import { isBotError } from '../errors.ts';
import { drive } from '../flow/driver.ts';
import { userRef } from '../flow/open-request.ts';
import { applyOutcomeLocked } from '../flow/outcome.ts';
import type { ActionHandler } from '../handler.ts';
import { mayCancel } from '../policy.ts';
import type { Responder } from '../ports.ts';
import { currentAttempt, isOpen, type PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import type { ActionEvent, Actor } from '../types.ts';
import { receiptWhere } from '../views/card.ts';
import { currentState, info, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

async function paidMeanwhile(s: EngineServices, request: PaymentRequest): Promise<boolean> {
  const attempt = currentAttempt(request);
  if (!attempt?.sessionId || !['link_created', 'awaiting_payment'].includes(request.state)) return false;
  try {
    const outcome = await s.billing.confirmCheckout(
      request.purpose,
      attempt.sessionId,
      `confirm-${attempt.sessionId}-cancel-${s.clock.now()}`,
    );
    if (outcome.status !== 'paid') return false;
    const watch = {
      requestId: request.id,
      attempt: attempt.n,
      purpose: request.purpose,
      sessionId: attempt.sessionId,
      expiresAt: attempt.expiresAt ?? 0,
    };
    await applyOutcomeLocked(s, request, watch, outcome);
    return true;
  } catch (err) {
    if (!isBotError(err)) throw err;
    // Unknown is not paid: cancel, and the watcher of a late payment still records it (cancelled -> paid).
    s.logger.warn({ err, requestId: request.id }, 'could not check the checkout before cancelling');
    return false;
  }
}

/** `target`: a typed id (`/ml cancel r123`) or the Cancel click, whose message must be the request's. */
export async function cancelRequest(
  s: EngineServices,
  actor: Actor,
  target: string | ActionEvent,
  respond: Responder,
): Promise<void> {
  await withRequest(s, target, respond, async (request) => {
    if (!isOpen(request.state)) {
      await respond.reply(currentState(request));
      return;
    }
    const verdict = mayCancel(actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    if (await paidMeanwhile(s, request)) {
      await respond.reply(info(`Request ${request.id} was already paid, so it stays paid. ${receiptWhere(request)}`));
      return;
    }
    request.closedBy = userRef(actor);
    await s.ledger.transition(request, 'cancelled', { actor: request.closedBy });
    await drive(s, request);
    await respond.reply(info(`Cancelled ${request.id}.`));
  });
}

export const cancelAction: ActionHandler = ({ s, event, respond }) => cancelRequest(s, event.actor, event, respond);
