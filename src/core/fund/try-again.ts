/**
 * "Try again" on a failed request: a new checkout attempt (a new idempotency key) under the same
 * approval, for the requester or an approver. Before a second link can exist, ModelsLab is asked
 * once whether the failed attempt's session (if it had one) was paid or can still be paid: money
 * follows the session, so a request is never retried while its earlier session may take money.
 */

import { receiptWhere } from '../requests/card.ts';
import { drive } from '../requests/driver.ts';
import { newAttempt } from '../requests/link-step.ts';
import { applyOutcomeLocked } from '../requests/outcome.ts';
import { userRef } from '../requests/queries.ts';
import { currentAttempt, type PaymentRequest, type RequestState } from '../requests/request.ts';
import { isBotError } from '../shared/errors.ts';
import { formatTime } from '../shared/format.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { mayTryAgain, sameUser } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent, Actor } from '../shared/types.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

type SessionCheck = 'clear' | 'paid' | 'payable' | 'unknown';

/** What became of the failed attempt's session. No session (the link was never made) is clear. */
async function earlierSession(s: EngineServices, request: PaymentRequest): Promise<SessionCheck> {
  const attempt = currentAttempt(request);
  if (!attempt?.sessionId) return 'clear';
  try {
    const outcome = await s.billing.confirmCheckout(
      request.purpose,
      attempt.sessionId,
      `confirm-${attempt.sessionId}-try-again-${s.clock.now()}`,
    );
    if (outcome.status === 'pending') return 'payable';
    if (outcome.status !== 'paid') return 'clear';
    const watch = {
      requestId: request.id,
      attempt: attempt.n,
      purpose: request.purpose,
      sessionId: attempt.sessionId,
      expiresAt: attempt.expiresAt ?? 0,
    };
    await applyOutcomeLocked(s, request, watch, outcome);
    return 'paid';
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err, requestId: request.id }, 'could not check the failed checkout before trying again');
    return 'unknown';
  }
}

export async function tryAgain(
  s: EngineServices,
  actor: Actor,
  target: string | ActionEvent,
  respond: Responder,
): Promise<void> {
  await withRequest(s, target, respond, async (request) => {
    if (request.state !== 'failed') {
      await respond.reply(currentState(request));
      return;
    }
    const verdict = mayTryAgain(actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    const check = await earlierSession(s, request);
    if (check === 'paid') {
      await respond.reply(info(`Request ${request.id} was paid after all, so it stays paid. ${receiptWhere(request)}`));
      return;
    }
    if (check === 'unknown') {
      await respond.reply(
        refusal(
          `ModelsLab is not answering, so I cannot check the earlier payment link of ${request.id} before making a new one. Nothing changed; try again in a minute.`,
        ),
      );
      return;
    }
    if (check === 'payable') {
      const until = currentAttempt(request)?.expiresAt;
      await respond.reply(
        refusal(
          `The earlier payment link of ${request.id} can still be paid${until ? ` until ${formatTime(until)}` : ''}, so I will not open a second one. Nothing changed.`,
        ),
      );
      return;
    }
    const by = userRef(actor);
    const attempt = newAttempt(request);
    request.attempts.push(attempt);
    // The failure's reason belongs to the failed attempt; the card must not show it on the new one.
    delete request.reason;
    await s.ledger.transition(request, 'approved', { actor: by, detail: `try again (attempt ${attempt.n})` });
    await drive(s, request, { respond, actor: by });
    const after = request.state as RequestState;
    if (after === 'awaiting_payment') {
      const where = sameUser(actor, request.payer) ? 'your DMs' : `the DMs of ${mentionUser(request.payer.id)}`;
      await respond.reply(info(`Trying ${request.id} again: a new payment link is in ${where}.`));
    }
  });
}

export const tryAgainAction: ActionHandler = ({ s, event, respond }) => tryAgain(s, event.actor, event, respond);
