/**
 * Deny: the same rule as approve (approvers, not their own request), from the Deny button (no
 * reason yet; a form comes later) or `/ml deny <id> [reason]`. The card shows who denied and why,
 * and the requester is told by DM, so a denial never goes unnoticed.
 */

import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { isBotError } from '../shared/errors.ts';
import { asSentence } from '../shared/format.ts';
import type { ActionHandler } from '../shared/handler.ts';
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
    await s.outbox.messenger(request.platform).dm(request.requester, deniedDm(request));
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
): Promise<void> {
  const reason = checkFreeText(reasonText, 'reason');
  if (!reason.ok) {
    await respond.reply(refusal(reason.rule));
    return;
  }
  await withDecidableRequest({ s, actor, target, respond }, async (request) => {
    request.closedBy = userRef(actor);
    if (reason.text) request.reason = reason.text;
    await s.ledger.transition(request, 'denied', {
      actor: request.closedBy,
      ...(reason.text ? { detail: `reason: ${reason.text}` } : {}),
    });
    await drive(s, request);
    const why = reason.text ? ` Reason: ${asSentence(reason.text)}` : '';
    if (sameUser(actor, request.requester)) {
      await respond.reply(info(`Denied ${request.id}.${why}`));
      return;
    }
    const told = await tellRequester(s, request);
    const requester = mentionUser(request.requester.id);
    const dm = told
      ? ` ${requester} was told by DM.`
      : ` I could not send ${requester} a DM; the card says it was denied.`;
    await respond.reply(info(`Denied ${request.id}.${why}${dm}`));
  });
}

export const denyAction: ActionHandler = ({ s, event, respond }) => denyRequest(s, event.actor, event, '', respond);
