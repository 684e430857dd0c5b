/**
 * The request card in the channel: one message per request, edited as the request moves.
 * It never carries the payment URL: the channel is not the payer. Written in the workspace's
 * language (a channel post), through `t`.
 */

import { asSentence, requestContext, requestTitle, whatFor } from '../shared/format.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { type Button, MENTION_APPROVERS, mentionUser, type Reply, type Tone } from '../shared/reply.ts';
import { budgetReason, spendLines } from './budget.ts';
import { chargeButton, chargeLine, succeededCharge } from './card-charge.ts';
import { confirmedAttempts, type PaymentRequest, type RequestState } from './request.ts';

const STATUS_KEY: Readonly<Record<RequestState, MessageKey>> = {
  awaiting_approval: 'requests.status.awaiting_approval',
  approved: 'requests.status.approved',
  link_created: 'requests.status.link_created',
  awaiting_payment: 'requests.status.awaiting_payment',
  paid: 'requests.status.paid',
  denied: 'requests.status.denied',
  approval_expired: 'requests.status.approval_expired',
  cancelled: 'requests.status.cancelled',
  expired: 'requests.status.expired',
  failed: 'requests.status.failed',
};

/** "Awaiting approval", "Paid"…: a state as a person reads it. */
export function statusLabel(t: Texts, state: RequestState): string {
  return t.t(STATUS_KEY[state]);
}

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
export function approvalsLine(t: Texts, request: PaymentRequest): string {
  const given = request.approvals ?? [];
  const who = given.map((a) => mentionUser(a.by.id)).join(', ');
  return t.t('requests.approvals_line', {
    given: String(given.length),
    required: String(request.approvalsRequired ?? 1),
    who: who ? `: ${who}` : '',
  });
}

function approvedLine(t: Texts, request: PaymentRequest): string {
  if ((request.approvalsRequired ?? 1) > 1 && request.approvals?.length)
    return t.t('requests.approved_by_all', {
      who: request.approvals.map((a) => mentionUser(a.by.id)).join(t.t('requests.and')),
    });
  return request.approver
    ? t.t('requests.approved_by', { who: mentionUser(request.approver.id) })
    : t.t('requests.no_approval_needed');
}

/** Where the receipt appears: Slack posts it in the card's thread, Discord as a reply to the card. */
export function receiptWhere(t: Texts, request: PaymentRequest): string {
  return t.t(request.platform === 'discord' ? 'requests.receipt_where_discord' : 'requests.receipt_where_thread');
}

function statusText(t: Texts, request: PaymentRequest): string {
  const requester = mentionUser(request.requester.id);
  const payer = mentionUser(request.payer.id);
  const by = request.closedBy ? t.t('requests.card.by', { who: mentionUser(request.closedBy.id) }) : '';
  const reason = request.reason ? t.t('requests.card.reason', { reason: asSentence(request.reason) }) : '';
  switch (request.state) {
    case 'awaiting_approval': {
      const asks = t.t(request.purpose === 'fund' ? 'requests.card.asks_fund' : 'requests.card.asks_subscribe', {
        requester,
      });
      const until = request.approvalExpiresAt
        ? t.t('requests.card.open_until', { time: t.time(request.approvalExpiresAt) })
        : '';
      const why = budgetReason(t, request);
      const needs = request.approvalsRequired ?? 1;
      const two = needs > 1 ? t.t('requests.card.needs_two', { count: needs }) : '';
      const given = request.approvals?.length ? ` ${approvalsLine(t, request)}.` : '';
      const ask = why ? t.t('requests.card.which', { ask: asks, why }) : asks;
      // Another member pays (the fund form's "who pays"): the card says who, never the link.
      const pays = request.payer.id !== request.requester.id ? t.t('requests.card.pays', { payer }) : '';
      return `${t.t('requests.card.awaiting', { ask, approvers: MENTION_APPROVERS, until, two, given })}${pays}`;
    }
    case 'approved':
      return t.t('requests.card.approved', { approved: approvedLine(t, request) });
    case 'link_created':
      return t.t('requests.card.link_created', { approved: approvedLine(t, request), payer });
    case 'awaiting_payment':
      return `${t.t('requests.card.awaiting_payment', { approved: approvedLine(t, request), payer })}${chargeLine(t, request)}`;
    case 'paid': {
      const charge = succeededCharge(request);
      if (charge)
        return t.t('cardCharge.card_paid', {
          approved: approvedLine(t, request),
          brand: charge.brand,
          last4: charge.last4,
          who: mentionUser(charge.by.id),
          late: latePaymentLine(t, request),
          where: receiptWhere(t, request),
        });
      return t.t('requests.card.paid', {
        approved: approvedLine(t, request),
        late: latePaymentLine(t, request),
        where: receiptWhere(t, request),
      });
    }
    case 'denied':
      return t.t('requests.card.denied', { by, reason });
    case 'approval_expired':
      // A two-person request with one approval is not "nobody": say how far it got.
      if (request.approvals?.length) {
        const who = request.approvals.map((a) => mentionUser(a.by.id)).join(', ');
        return t.t('requests.card.expired_partly', {
          given: String(request.approvals.length),
          required: String(request.approvalsRequired ?? 1),
          who,
        });
      }
      return t.t('requests.card.expired_nobody');
    case 'cancelled':
      return t.t('requests.card.cancelled', { by, reason });
    case 'expired':
      return `${t.t('requests.card.link_expired', { approved: approvedLine(t, request), payer })}${chargeLine(t, request)}`;
    case 'failed':
      return t.t('requests.card.failed', { reason, requester });
  }
}

/** On a paid card: the payment came after the request was closed, or came twice. */
function latePaymentLine(t: Texts, request: PaymentRequest): string {
  const paid = confirmedAttempts(request);
  // A charge of the card on file is a payment too: a link paid after it is a double payment.
  const count = paid.length + (succeededCharge(request) ? 1 : 0);
  if (count > 1) return t.t('requests.card.paid_times', { count });
  const late = paid[0]?.paidAfter;
  if (late === 'cancelled') return t.t('requests.card.late_cancelled');
  if (late === 'failed') return t.t('requests.card.late_failed');
  if (late === 'expired' || late === 'superseded') return t.t('requests.card.late_old_link');
  return '';
}

/** A new attempt under the same approval (fund/try-again.ts): on the card and in the payer's DM. */
export function tryAgainButton(t: Texts, requestId: string): Button {
  return {
    kind: 'action',
    action: 'try_again',
    value: requestId,
    label: t.t('requests.button.try_again'),
    style: 'primary',
  };
}

function buttons(t: Texts, request: PaymentRequest): Button[] {
  const value = request.id;
  const cancel = { kind: 'action', action: 'cancel', value, label: t.t('requests.button.cancel') } as const;
  switch (request.state) {
    case 'awaiting_approval':
      return [
        { kind: 'action', action: 'approve', value, label: t.t('requests.button.approve'), style: 'primary' },
        // Shown to everyone (a card is one message); only the approval's giver may use it.
        ...(request.approvals?.length
          ? [
              {
                kind: 'action',
                action: 'withdraw_approval',
                value,
                label: t.t('requests.button.withdraw_approval'),
              } as const,
            ]
          : []),
        { kind: 'action', action: 'deny', value, label: t.t('requests.button.deny'), style: 'danger' },
        cancel,
      ];
    case 'approved':
    case 'link_created':
      return [cancel];
    case 'awaiting_payment': {
      // Approvers only may use it (fund/charge-card.ts); the card shows one button set to all.
      const charge = chargeButton(t, request);
      return charge ? [charge, cancel] : [cancel];
    }
    case 'expired': {
      const charge = chargeButton(t, request);
      const newLink = { kind: 'action', action: 'new_link', value, label: t.t('requests.button.new_link') } as const;
      return charge ? [newLink, charge, cancel] : [newLink, cancel];
    }
    case 'failed':
      return [tryAgainButton(t, value)];
    default:
      return [];
  }
}

export function requestCard(t: Texts, request: PaymentRequest): Reply {
  const fields = [
    { label: t.t('requests.field.requester'), value: mentionUser(request.requester.id), short: true },
    {
      label: t.t(request.purpose === 'fund' ? 'requests.field.amount' : 'requests.field.plan'),
      value: whatFor(t, request),
      short: true,
    },
    ...(request.note ? [{ label: t.t('requests.field.note'), value: request.note }] : []),
    { label: t.t('requests.field.status'), value: statusLabel(t, request.state), short: true },
    ...((request.approvalsRequired ?? 1) > 1 && request.state === 'awaiting_approval'
      ? [{ label: t.t('requests.field.approvals'), value: approvalsLine(t, request), short: true }]
      : []),
    ...(request.budget
      ? spendLines(t, request.budget, mentionUser(request.requester.id)).map((value) => ({
          label: t.t('requests.field.budget'),
          value,
        }))
      : []),
  ];
  return {
    title: requestTitle(t, request),
    text: statusText(t, request),
    fields,
    context: [requestContext(t, request)],
    buttons: buttons(t, request),
    tone: TONE[request.state],
  };
}
