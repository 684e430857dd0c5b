/** Deny: the same rule as approve (approvers, not their own request). */
import { drive } from '../flow/driver.ts';
import { userRef } from '../flow/open-request.ts';
import type { ActionHandler } from '../handler.ts';
import { mayDecide } from '../policy.ts';
import { currentState, info, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

export const denyAction: ActionHandler = ({ s, event, respond }) =>
  withRequest(s, event.value, respond, async (request) => {
    if (request.state !== 'awaiting_approval') {
      await respond.reply(currentState(request));
      return;
    }
    const verdict = mayDecide(event.actor, request, s.policy);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    request.closedBy = userRef(event.actor);
    await s.ledger.transition(request, 'denied', { actor: request.closedBy });
    await drive(s, request);
    await respond.reply(info(`Denied ${request.id}.`));
  });
