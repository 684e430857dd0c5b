/**
 * Deny: the same rule as approve (approvers, not their own request), from the Deny button (no
 * reason yet; a form comes later) or `/ml deny <id> [reason]`. The card shows who denied and why,
 * and the requester is told by DM, so a denial never goes unnoticed.
 */

import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { actorTexts, requesterTexts } from '../requests/texts.ts';
import { isBotError } from '../shared/errors.ts';
import { asSentence } from '../shared/format.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { deniedDm, info, refusal } from '../shared/notices.ts';
import { checkFreeText, sameUser } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent, Actor } from '../shared/types.ts';
import { withDecidableRequest } from './decision.ts';

/**
 * Tell the requester by DM. Sent after the denial is persisted and the card updated; a DM that
 * fails (DMs closed, platform down) is logged and not retried: the card already says it.
 * Crash window: a crash between the transition and this DM loses the DM, never the denial.
 */
async function tellRequester(s: EngineServices, request: PaymentRequest): Promise<boolean> {
  try {
    await s.outbox.messenger(request.platform).dm(request.requester, deniedDm(requesterTexts(s, request), request));
    return true;
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err, requestId: request.id }, 'could not tell the requester about the denial');
    return false;
  }
}

export async function denyRequest(
  s: EngineServices,
  actor: Actor,
  target: string | ActionEvent,
  reasonText: string,
  respond: Responder,
  texts?: Texts,
): Promise<void> {
  const t = texts ?? actorTexts(s, actor);
  const reason = checkFreeText(reasonText, 'reason');
  if (!reason.ok) {
    await respond.reply(refusal(reason.rule(t)));
    return;
  }
  await withDecidableRequest({ s, actor, target, respond, t }, async (request) => {
    request.closedBy = userRef(actor);
    if (reason.text) request.reason = reason.text;
    await s.ledger.transition(request, 'denied', {
      actor: request.closedBy,
      ...(reason.text ? { detail: `reason: ${reason.text}` } : {}),
    });
    await drive(s, request);
    const why = reason.text ? t.t('fund.deny_reason', { reason: asSentence(reason.text) }) : '';
    if (sameUser(actor, request.requester)) {
      await respond.reply(info(t.t('fund.denied', { id: request.id, why })));
      return;
    }
    const told = await tellRequester(s, request);
    const requester = mentionUser(request.requester.id);
    await respond.reply(
      info(t.t(told ? 'fund.denied_told' : 'fund.denied_not_told', { id: request.id, why, requester })),
    );
  });
}

export const denyAction: ActionHandler = ({ s, event, respond, t }) =>
  denyRequest(s, event.actor, event, '', respond, t);
