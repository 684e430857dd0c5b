/**
 * The request card in the channel: one message per request, edited as the request moves.
 * It never carries the payment URL: the channel is not the payer.
 */

import { asSentence, formatTime, requestContext, requestTitle, whatFor } from '../shared/format.ts';
import { type Button, MENTION_APPROVERS, mentionUser, type Reply, type Tone } from '../shared/reply.ts';
import { budgetReason, spendLines } from './budget.ts';
import { confirmedAttempts, type PaymentRequest, type RequestState } from './request.ts';

export const STATUS_LABEL: Readonly<Record<RequestState, string>> = {
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved · creating payment link',
  link_created: 'Approved · sending payment link',
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  denied: 'Denied',
  approval_expired: 'Approval expired',
  cancelled: 'Cancelled',
  expired: 'Link expired',
  failed: 'Failed',
};

const TONE: Readonly<Record<RequestState, Tone>> = {
  awaiting_approval: 'warning',
  approved: 'info',
  link_created: 'info',
  awaiting_payment: 'info',
  paid: 'success',
  denied: 'danger',
  approval_expired: 'neutral',
  cancelled: 'neutral',
  expired: 'warning',
  failed: 'danger',
};

/** "1 of 2 approvals: @bob" (two-person approval in progress). */
export function approvalsLine(request: PaymentRequest): string {
  const given = request.approvals ?? [];
  const who = given.map((a) => mentionUser(a.by.id)).join(', ');
  return `${given.length} of ${request.approvalsRequired ?? 1} approvals${who ? `: ${who}` : ''}`;
}

function approvedLine(request: PaymentRequest): string {
  if ((request.approvalsRequired ?? 1) > 1 && request.approvals?.length)
    return `Approved by ${request.approvals.map((a) => mentionUser(a.by.id)).join(' and ')}.`;
  return request.approver ? `Approved by ${mentionUser(request.approver.id)}.` : 'No approval needed.';
}

/** Where the receipt appears: Slack posts it in the card's thread, Discord as a reply to the card. */
export function receiptWhere(request: PaymentRequest): string {
  return request.platform === 'discord'
    ? 'The receipt is posted as a reply to this card.'
    : 'The receipt is in the thread.';
}

function statusText(request: PaymentRequest): string {
  const requester = mentionUser(request.requester.id);
  const payer = mentionUser(request.payer.id);
  const by = request.closedBy ? ` by ${mentionUser(request.closedBy.id)}` : '';
  const reason = request.reason ? ` Reason: ${asSentence(request.reason)}` : '';
  switch (request.state) {
    case 'awaiting_approval': {
      const ask = request.purpose === 'fund' ? 'asks to add funds to the ModelsLab wallet' : 'asks to subscribe';
      const until = request.approvalExpiresAt ? ` (open until ${formatTime(request.approvalExpiresAt)})` : '';
      const why = budgetReason(request);
      const needs = request.approvalsRequired ?? 1;
      const two = needs > 1 ? ` It needs ${needs} different approvers (the requester never counts).` : '';
      const given = request.approvals?.length ? ` ${approvalsLine(request)}.` : '';
      // Another member pays (the fund form's "who pays"): the card says who, never the link.
      const pays = request.payer.id !== request.requester.id ? ` ${payer} pays.` : '';
      return `${requester} ${ask}${why ? `, which ${why}` : ''}. ${MENTION_APPROVERS}: please approve or deny${until}.${two}${given}${pays}`;
    }
    case 'approved':
      return `${approvedLine(request)} Creating the payment link…`;
    case 'link_created':
      return `${approvedLine(request)} The payment link is ready for ${payer} by DM.`;
    case 'awaiting_payment':
      return `${approvedLine(request)} Payment link sent to ${payer} by DM; waiting for the payment.`;
    case 'paid':
      return `${approvedLine(request)} Paid.${latePaymentLine(request)} ${receiptWhere(request)}`;
    case 'denied':
      return `Denied${by}.${reason}`;
    case 'approval_expired':
      // A two-person request with one approval is not "nobody": say how far it got.
      if (request.approvals?.length) {
        const who = request.approvals.map((a) => mentionUser(a.by.id)).join(', ');
        return `Only ${request.approvals.length} of ${request.approvalsRequired ?? 1} approvals arrived in time (${who}), so it expired. Ask again if it is still needed.`;
      }
      return 'Nobody approved this request in time, so it expired. Ask again if it is still needed.';
    case 'cancelled':
      return `Cancelled${by}.${reason}`;
    case 'expired':
      return `${approvedLine(request)} Link expired before it was paid. ${payer} can ask for a new link from the DM.`;
    case 'failed':
      return `Failed.${reason} ${requester} or an approver can try again under the same approval.`;
  }
}

/** On a paid card: the payment came after the request was closed, or came twice. */
function latePaymentLine(request: PaymentRequest): string {
  const paid = confirmedAttempts(request);
  if (paid.length > 1) {
    return ` Paid ${paid.length} times (a double payment): the extra payment stays with ModelsLab as credit; see the receipts for what to do.`;
  }
  const late = paid[0]?.paidAfter;
  if (late === 'cancelled' || late === 'failed')
    return ` The payment arrived after the request was ${late === 'cancelled' ? 'cancelled' : 'marked failed'}.`;
  if (late === 'expired' || late === 'superseded') return ' The payment arrived on an older link.';
  return '';
}

/** A new attempt under the same approval (fund/try-again.ts): on the card and in the payer's DM. */
export function tryAgainButton(requestId: string): Button {
  return { kind: 'action', action: 'try_again', value: requestId, label: 'Try again', style: 'primary' };
}

function buttons(request: PaymentRequest): Button[] {
  const value = request.id;
  switch (request.state) {
    case 'awaiting_approval':
      return [
        { kind: 'action', action: 'approve', value, label: 'Approve', style: 'primary' },
        // Shown to everyone (a card is one message); only the approval's giver may use it.
        ...(request.approvals?.length
          ? [{ kind: 'action', action: 'withdraw_approval', value, label: 'Withdraw my approval' } as const]
          : []),
        { kind: 'action', action: 'deny', value, label: 'Deny', style: 'danger' },
        { kind: 'action', action: 'cancel', value, label: 'Cancel' },
      ];
    case 'approved':
    case 'link_created':
    case 'awaiting_payment':
      return [{ kind: 'action', action: 'cancel', value, label: 'Cancel' }];
    case 'expired':
      return [
        { kind: 'action', action: 'new_link', value, label: 'New link' },
        { kind: 'action', action: 'cancel', value, label: 'Cancel' },
      ];
    case 'failed':
      return [tryAgainButton(value)];
    default:
      return [];
  }
}

export function requestCard(request: PaymentRequest): Reply {
  const fields = [
    { label: 'Requester', value: mentionUser(request.requester.id), short: true },
    { label: request.purpose === 'fund' ? 'Amount' : 'Plan', value: whatFor(request), short: true },
    ...(request.note ? [{ label: 'Note', value: request.note }] : []),
    { label: 'Status', value: STATUS_LABEL[request.state], short: true },
    ...((request.approvalsRequired ?? 1) > 1 && request.state === 'awaiting_approval'
      ? [{ label: 'Approvals', value: approvalsLine(request), short: true }]
      : []),
    ...(request.budget
      ? spendLines(request.budget, mentionUser(request.requester.id)).map((value) => ({ label: 'Budget', value }))
      : []),
  ];
  return {
    title: requestTitle(request),
    text: statusText(request),
    fields,
    context: [requestContext(request)],
    buttons: buttons(request),
    tone: TONE[request.state],
  };
}
