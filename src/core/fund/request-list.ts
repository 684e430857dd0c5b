/**
 * Requests in `/ml status`: one line each (id, what, state, requester, note, age) and the buttons
 * the viewer may use on them, so a request whose card is gone (deleted, scrolled away, a channel
 * the viewer is not in) can still be approved, denied, cancelled or tried again from anywhere.
 * Buttons follow policy.ts: approvers get Approve / Deny, the requester Cancel (and New link or
 * Try again where those apply), everyone else the list only.
 */

import { STATUS_LABEL } from '../requests/card.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { whatFor } from '../shared/format.ts';
import { mayDecide, mayRenew, mayTryAgain, type Policy, sameUser } from '../shared/policy.ts';
import { type Button, mentionUser } from '../shared/reply.ts';
import type { Actor } from '../shared/types.ts';

/** A note is cut in the list (it is whole on the card): 20 lines must stay readable. */
const NOTE_IN_LIST = 60;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago": how long a request has waited, which
 * reads better in a list than a clock time (shared/format.ts has those, for deadlines and dates).
 */
export function ageInWords(ms: number): string {
  const age = Math.max(0, ms);
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return plural(Math.floor(age / MINUTE), 'minute');
  if (age < 2 * DAY) return plural(Math.floor(age / HOUR), 'hour');
  return plural(Math.floor(age / DAY), 'day');
}

function noteInList(note: string): string {
  if (!note) return '';
  const cut = note.length > NOTE_IN_LIST ? `${note.slice(0, NOTE_IN_LIST - 1)}…` : note;
  return ` · "${cut}"`;
}

/** " (1 of 2 approvals)" while a two-person request collects its approvals. */
function progress(request: PaymentRequest): string {
  const needs = request.approvalsRequired ?? 1;
  if (needs < 2 || request.state !== 'awaiting_approval') return '';
  return ` (${request.approvals?.length ?? 0} of ${needs} approvals)`;
}

export function requestRow(request: PaymentRequest, now: number): string {
  // A subscribe request's note is its plan label, already shown by whatFor().
  const note = request.purpose === 'fund' ? noteInList(request.note) : '';
  return [
    `${request.id} · ${request.purpose} ${whatFor(request)} · ${STATUS_LABEL[request.state]}${progress(request)}`,
    ` · ${mentionUser(request.requester.id)}${note} · ${ageInWords(now - request.createdAt)}`,
  ].join('');
}

/** The buttons `viewer` may use on one request; labels name the request (one message holds many). */
export function requestButtons(request: PaymentRequest, viewer: Actor, policy: Policy): Button[] {
  const value = request.id;
  const own = sameUser(viewer, request.requester);
  const out: Button[] = [];
  if (request.state === 'awaiting_approval' && mayDecide(viewer, request, policy).ok) {
    out.push({ kind: 'action', action: 'approve', value, label: `Approve ${value}`, style: 'primary' });
    out.push({ kind: 'action', action: 'deny', value, label: `Deny ${value}`, style: 'danger' });
  }
  if (request.state === 'awaiting_approval' && request.approvals?.some((a) => sameUser(a.by, viewer))) {
    out.push({ kind: 'action', action: 'withdraw_approval', value, label: `Withdraw my approval ${value}` });
  }
  if (request.state === 'expired' && mayRenew(viewer, request).ok) {
    out.push({ kind: 'action', action: 'new_link', value, label: `New link ${value}` });
  }
  if (request.state === 'failed' && mayTryAgain(viewer, request).ok) {
    out.push({ kind: 'action', action: 'try_again', value, label: `Try again ${value}`, style: 'primary' });
  }
  if (own && request.state !== 'failed') {
    out.push({ kind: 'action', action: 'cancel', value, label: `Cancel ${value}` });
  }
  return out;
}
