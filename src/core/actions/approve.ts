/** Approve: approvers only, not one's own request (unless allowed), and only while the request is open for approval. */
import { drive } from '../flow/driver.ts';
import { userRef } from '../flow/open-request.ts';
import type { ActionHandler } from '../handler.ts';
import { mayDecide } from '../policy.ts';
import { mentionUser } from '../reply.ts';
import { formatTime } from '../views/format.ts';
import { currentState, info, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

export const approveAction: ActionHandler = ({ s, event, respond }) =>
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
    if (request.approvalExpiresAt !== undefined && s.clock.now() >= request.approvalExpiresAt) {
      await s.ledger.transition(request, 'approval_expired', { detail: 'approval clicked after the deadline' });
      await drive(s, request);
      await respond.reply(
        refusal(`This request expired at ${formatTime(request.approvalExpiresAt)} before anyone approved it.`),
      );
      return;
    }
    const approver = userRef(event.actor);
    request.approver = approver;
    await s.ledger.transition(request, 'approved', { actor: approver });
    await respond.reply(
      info(`Approved ${request.id}. The payment link goes to ${mentionUser(request.payer.id)} by DM.`),
    );
    await drive(s, request, { respond, actor: approver });
  });
