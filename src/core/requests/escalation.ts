/**
 * Escalation: an approval still unanswered `escalateAfterMs` after it was asked goes to the
 * tenant's fallback approvers (one post in the card's thread), and from then on they may decide
 * it like an approver. `escalatedAt` is persisted (and audited) before the post, which goes out
 * through `postOnce` (reminders.ts `followUpApproval`), so a crash neither loses nor repeats it.
 */
import { requestContext, whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { MENTION_FALLBACK, mentionUser, type Reply } from '../shared/reply.ts';
import type { Actor } from '../shared/types.ts';
import type { PaymentRequest } from './request.ts';

/** The request went to the fallback approvers (they may decide it now). */
export function isEscalated(request: PaymentRequest): boolean {
  return request.escalatedAt !== undefined;
}

/**
 * A fallback approver may approve or deny an escalated request that still waits for approval.
 * The requester rule (no self-approval) is the approver check's, not this predicate's.
 */
export function mayApproveAsFallback(actor: Actor, request: PaymentRequest): boolean {
  return actor.isFallbackApprover === true && isEscalated(request) && request.state === 'awaiting_approval';
}

/** Escalation is on, due at `now`, and not done yet. */
export function escalationDue(request: PaymentRequest, escalateAfterMs: number | undefined, now: number): boolean {
  return (
    request.state === 'awaiting_approval' &&
    escalateAfterMs !== undefined &&
    escalateAfterMs > 0 &&
    !isEscalated(request) &&
    now - request.createdAt >= escalateAfterMs
  );
}

export function escalationPost(t: Texts, request: PaymentRequest, waitedMs: number): Reply {
  const until = request.approvalExpiresAt
    ? t.t('requests.escalation_until', { time: t.time(request.approvalExpiresAt) })
    : '';
  return {
    text: t.t('requests.escalation', {
      ...waitingValues(t, request, waitedMs),
      fallback: MENTION_FALLBACK,
      until,
    }),
    context: [requestContext(t, request)],
    tone: 'warning',
  };
}

/** What a reminder and an escalation both say of the request: how long it waited, who asks, for what. */
export function waitingValues(t: Texts, request: PaymentRequest, waitedMs: number) {
  return {
    span: spanText(t, waitedMs),
    requester: mentionUser(request.requester.id),
    what: whatFor(t, request),
    note: request.note ? t.t('requests.note_paren', { note: request.note }) : '',
  };
}

/** "4 hours", "90 minutes", "1 hour": a setting's length in words. */
export function spanText(t: Texts, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 60 === 0 && minutes >= 60)
    return t.t('requests.span_hours', { hours: minutes / 60, n: String(minutes / 60) });
  return t.t('requests.span_minutes', { minutes, n: String(minutes) });
}
