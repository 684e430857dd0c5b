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
import { actorTexts } from '../requests/texts.ts';
import { isBotError } from '../shared/errors.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
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
  texts?: Texts,
): Promise<void> {
  const t = texts ?? actorTexts(s, actor);
  await withRequest(s, target, respond, t, async (request) => {
    if (request.state !== 'failed') {
      await respond.reply(currentState(t, request));
      return;
    }
    const verdict = mayTryAgain(actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t)));
      return;
    }
    const check = await earlierSession(s, request);
    if (check === 'paid') {
      await respond.reply(info(t.t('fund.try_paid', { id: request.id, where: receiptWhere(t, request) })));
      return;
    }
    if (check === 'unknown') {
      await respond.reply(refusal(t.t('fund.try_unknown', { id: request.id })));
      return;
    }
    if (check === 'payable') {
      const until = currentAttempt(request)?.expiresAt;
      await respond.reply(
        refusal(
          t.t('fund.try_payable', {
            id: request.id,
            until: until ? t.t('fund.try_until', { time: t.time(until) }) : '',
          }),
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
    await drive(s, request, { respond, actor: by, texts: t });
    const after = request.state as RequestState;
    if (after === 'awaiting_payment') {
      const where = sameUser(actor, request.payer)
        ? t.t('fund.try_your_dms')
        : t.t('fund.try_their_dms', { who: mentionUser(request.payer.id) });
      await respond.reply(info(t.t('fund.try_again', { id: request.id, where })));
    }
  });
}

export const tryAgainAction: ActionHandler = ({ s, event, respond, t }) => tryAgain(s, event.actor, event, respond, t);
