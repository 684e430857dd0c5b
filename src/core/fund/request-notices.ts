/**
 * The answer to a click on a request that already moved on (double clicks, stale cards): its
 * state in words, and who closed or approved it.
 */

import { statusLabel } from '../requests/card.ts';
import { succeededCharge } from '../requests/card-charge.ts';
import type { PaymentRequest } from '../requests/request.ts';
import type { Texts } from '../shared/i18n.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';

/** Who approved: both approvers of a two-person request, else the one. */
function approvers(t: Texts, request: PaymentRequest): string {
  const two = (request.approvalsRequired ?? 1) > 1 && request.approvals?.length;
  if (two) return request.approvals!.map((a) => mentionUser(a.by.id)).join(t.t('requests.and'));
  return request.approver ? mentionUser(request.approver.id) : '';
}

/** The answer to a click that arrives after the request moved on (double clicks, stale cards). */
export function currentState(t: Texts, request: PaymentRequest): Reply {
  const who =
    request.state === 'denied' || request.state === 'cancelled'
      ? request.closedBy
        ? t.t('fund.closed_by', { who: mentionUser(request.closedBy.id) })
        : ''
      : request.approver && request.state !== 'awaiting_approval'
        ? t.t('fund.approved_by', { who: approvers(t, request) })
        : '';
  // Paid by the card on file: say so, or a stale Cancel after a replayed charge reads as if the
  // payer had paid the link.
  const charge = request.state === 'paid' ? succeededCharge(request) : undefined;
  const how = charge
    ? t.t('fund.paid_by_card', { brand: charge.brand, last4: charge.last4, who: mentionUser(charge.by.id) })
    : '';
  return {
    text: t.t('fund.current_state', { id: request.id, state: `${statusLabel(t, request.state)}${how}`, who }),
    ephemeral: true,
    tone: 'neutral',
  };
}
