/**
 * The answer to a click on a request that already moved on (double clicks, stale cards): its
 * state in words, and who closed or approved it.
 */

import { STATUS_LABEL } from '../requests/card.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';

/** Who approved: both approvers of a two-person request, else the one. */
function approvers(request: PaymentRequest): string {
  const two = (request.approvalsRequired ?? 1) > 1 && request.approvals?.length;
  if (two) return request.approvals!.map((a) => mentionUser(a.by.id)).join(' and ');
  return request.approver ? mentionUser(request.approver.id) : '';
}

/** The answer to a click that arrives after the request moved on (double clicks, stale cards). */
export function currentState(request: PaymentRequest): Reply {
  const who =
    request.state === 'denied' || request.state === 'cancelled'
      ? request.closedBy
        ? ` by ${mentionUser(request.closedBy.id)}`
        : ''
      : request.approver && request.state !== 'awaiting_approval'
        ? ` (approved by ${approvers(request)})`
        : '';
  return {
    text: `Request ${request.id} is already in state: ${STATUS_LABEL[request.state]}${who}. Nothing changed.`,
    ephemeral: true,
    tone: 'neutral',
  };
}
