/** Approve: approvers only, not one's own request (unless allowed), and only while the request is open for approval. */
import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import { formatTime } from '../shared/format.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { mentionUser } from '../shared/reply.ts';
import { withDecidableRequest } from './decision.ts';

export const approveAction: ActionHandler = ({ s, event, respond }) =>
  withDecidableRequest({ s, actor: event.actor, target: event, respond }, async (request) => {
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
