/**
 * Answers about one request to the person who clicked or typed its id: it is not found, it has
 * already moved on (double clicks, stale cards), and the requester's DM after a denial.
 */

import { STATUS_LABEL } from '../requests/card.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { requestContext, whatFor } from '../shared/format.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';

export function notFound(id: string): Reply {
  return {
    text: `I can't find request "${id.slice(0, 40)}". /ml status lists the open ones.`,
    tone: 'warning',
    ephemeral: true,
  };
}

/** The answer to a click that arrives after the request moved on (double clicks, stale cards). */
export function currentState(request: PaymentRequest): Reply {
  const who =
    request.state === 'denied' || request.state === 'cancelled'
      ? request.closedBy
        ? ` by ${mentionUser(request.closedBy.id)}`
        : ''
      : request.approver && request.state !== 'awaiting_approval'
        ? ` (approved by ${mentionUser(request.approver.id)})`
        : '';
  return {
    text: `Request ${request.id} is already in state: ${STATUS_LABEL[request.state]}${who}. Nothing changed.`,
    ephemeral: true,
    tone: 'neutral',
  };
}

/** The requester's DM after a denial: who denied it and why (or that no reason was given). */
export function deniedDm(request: PaymentRequest): Reply {
  const by = request.closedBy ? ` by ${mentionUser(request.closedBy.id)}` : '';
  const why = request.reason ? `Reason: ${request.reason}` : 'No reason was given.';
  const what =
    request.purpose === 'fund' ? `to add ${whatFor(request)} to the wallet` : `to subscribe to ${whatFor(request)}`;
  return {
    title: 'Request denied',
    text: `Your request ${what} was denied${by}. ${why}`,
    context: [requestContext(request)],
    tone: 'danger',
  };
}
