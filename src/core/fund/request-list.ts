/**
 * Requests in `/ml status`: one line each (id, what, state, requester, note, age) and the buttons
 * the viewer may use on them, so a request whose card is gone (deleted, scrolled away, a channel
 * the viewer is not in) can still be approved, denied, cancelled or tried again from anywhere.
 * Buttons follow policy.ts: approvers get Approve / Deny, the requester Cancel (and New link or
 * Try again where those apply), everyone else the list only.
 */

import { statusLabel } from '../requests/card.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { mayDecide, mayRenew, mayTryAgain, type Policy, sameUser } from '../shared/policy.ts';
import { type Button, mentionUser } from '../shared/reply.ts';
import type { Actor } from '../shared/types.ts';

/** A note is cut in the list (it is whole on the card): 20 lines must stay readable. */
const NOTE_IN_LIST = 60;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago": how long a request has waited, which
 * reads better in a list than a clock time (shared/format.ts has those, for deadlines and dates).
 */
export function ageInWords(t: Texts, ms: number): string {
  const age = Math.max(0, ms);
  if (age < MINUTE) return t.t('fund.age_now');
  const [key, count] =
    age < HOUR
      ? (['fund.age_minutes', Math.floor(age / MINUTE)] as const)
      : age < 2 * DAY
        ? (['fund.age_hours', Math.floor(age / HOUR)] as const)
        : (['fund.age_days', Math.floor(age / DAY)] as const);
  return t.t(key, { count, n: String(count) });
}

function noteInList(note: string): string {
  if (!note) return '';
  const cut = note.length > NOTE_IN_LIST ? `${note.slice(0, NOTE_IN_LIST - 1)}…` : note;
  return ` · "${cut}"`;
}

/** " (1 of 2 approvals)" while a two-person request collects its approvals. */
function progress(t: Texts, request: PaymentRequest): string {
  const needs = request.approvalsRequired ?? 1;
  if (needs < 2 || request.state !== 'awaiting_approval') return '';
  return t.t('fund.progress', { given: String(request.approvals?.length ?? 0), required: String(needs) });
}

export function requestRow(t: Texts, request: PaymentRequest, now: number): string {
  // A subscribe request's note is its plan label, already shown by whatFor().
  const note = request.purpose === 'fund' ? noteInList(request.note) : '';
  const purpose = t.t('fund.purpose', { purpose: request.purpose });
  return [
    `${request.id} · ${purpose} ${whatFor(t, request)} · ${statusLabel(t, request.state)}${progress(t, request)}`,
    ` · ${mentionUser(request.requester.id)}${note} · ${ageInWords(t, now - request.createdAt)}`,
  ].join('');
}

/** The buttons `viewer` may use on one request; labels name the request (one message holds many). */
export function requestButtons(t: Texts, request: PaymentRequest, viewer: Actor, policy: Policy): Button[] {
  const value = request.id;
  const own = sameUser(viewer, request.requester);
  const out: Button[] = [];
  if (request.state === 'awaiting_approval' && mayDecide(viewer, request, policy).ok) {
    out.push({
      kind: 'action',
      action: 'approve',
      value,
      label: t.t('fund.button.approve', { id: value }),
      style: 'primary',
    });
    out.push({ kind: 'action', action: 'deny', value, label: t.t('fund.button.deny', { id: value }), style: 'danger' });
  }
  if (request.state === 'awaiting_approval' && request.approvals?.some((a) => sameUser(a.by, viewer))) {
    out.push({ kind: 'action', action: 'withdraw_approval', value, label: t.t('fund.button.withdraw', { id: value }) });
  }
  if (request.state === 'expired' && mayRenew(viewer, request).ok) {
    out.push({ kind: 'action', action: 'new_link', value, label: t.t('fund.button.new_link', { id: value }) });
  }
  if (request.state === 'failed' && mayTryAgain(viewer, request).ok) {
    out.push({
      kind: 'action',
      action: 'try_again',
      value,
      label: t.t('fund.button.try_again', { id: value }),
      style: 'primary',
    });
  }
  if (own && request.state !== 'failed') {
    out.push({ kind: 'action', action: 'cancel', value, label: t.t('fund.button.cancel', { id: value }) });
  }
  return out;
}
