/** Deny: the same rule as approve (approvers, not their own request). */
import { drive } from '../flow/driver.ts';
import { userRef } from '../flow/open-request.ts';
import type { ActionHandler } from '../handler.ts';
import { info } from '../views/notices.ts';
import { withDecidableRequest } from './decision.ts';

export const denyAction: ActionHandler = (ctx) =>
  withDecidableRequest(ctx, async (request) => {
    const { s, event, respond } = ctx;
    request.closedBy = userRef(event.actor);
    await s.ledger.transition(request, 'denied', { actor: request.closedBy });
    await drive(s, request);
    await respond.reply(info(`Denied ${request.id}.`));
  });
