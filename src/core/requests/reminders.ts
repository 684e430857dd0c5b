/**
 * What happens to an approval nobody answers: one reminder in the card's thread after
 * `reminderAfterMs` (mentioning the approvers, no new card), the escalation after
 * `escalateAfterMs` (escalation.ts), the expiry after `approvalTtlMs` (the engine's sweep), and
 * then a DM to the requester saying it expired unanswered.
 *
 * Restart safety: the decision (`reminderSentAt`, `escalatedAt`) is persisted and audited before
 * anything is posted, so a crash after it loses nothing: the sweep posts whatever is decided and
 * not recorded as posted (`postOnce`, a record under a post key in the tenant's kv). A crash after
 * the platform took the post but before the record is written leaves the record pending; the next
 * process posts the same message again and the platform adapter's own post keys (Slack's post
 * journal, Discord's nonces, both kept in the store) adopt the first post instead of showing a
 * second one, as for request cards. A post the platform refused is retried by the next sweep.
 */
import { DmClosedError } from '../shared/errors.ts';
import { requestContext, whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { MENTION_APPROVERS, type Reply } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { MessageRef } from '../shared/types.ts';
import { escalationDue, escalationPost, spanText, waitingValues } from './escalation.ts';
import type { PaymentRequest } from './request.ts';
import { requesterTexts } from './texts.ts';

/** What a post key records: pending from just before the platform call, posted after it. */
export interface PostRecord {
  readonly pendingAt: number;
  readonly postedAt?: number;
  readonly message?: MessageRef;
}

export type PostKind = 'reminder' | 'escalation' | 'expired_dm';

/** Post records outlive any approval window (the TTL only bounds the kv's size). */
const POST_RECORD_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Expired approvals whose requester DM is still owed are looked for this far back. */
const EXPIRED_DM_WINDOW_MS = 24 * 60 * 60 * 1000;

export function postKey(kind: PostKind, requestId: string): string {
  return `post:${kind}:${requestId}`;
}

/**
 * Run `send` until it succeeds once per key (the caller holds the request's lock). A record left
 * pending by a crash is sent again: the same message, which the adapter's post keys adopt if the
 * first one landed. False when the key is already recorded as posted.
 */
export async function postOnce(
  s: EngineServices,
  key: string,
  send: () => Promise<MessageRef | undefined>,
): Promise<boolean> {
  const earlier = await s.kv.get<PostRecord>(key);
  if (earlier?.postedAt !== undefined) return false;
  if (earlier) s.logger.warn({ key }, 'a post was pending (crash during the post); sending the same message again');
  const pendingAt = earlier?.pendingAt ?? s.clock.now();
  await s.kv.set<PostRecord>(key, { pendingAt }, POST_RECORD_TTL_MS);
  const message = await send();
  await s.kv.set<PostRecord>(
    key,
    { pendingAt, postedAt: s.clock.now(), ...(message ? { message } : {}) },
    POST_RECORD_TTL_MS,
  );
  return true;
}

/** A post in the request card's thread (the channel when the card is missing), once per kind. */
export function postInThreadOnce(s: EngineServices, request: PaymentRequest, kind: PostKind, reply: Reply) {
  const options = request.card ? { thread: request.card } : undefined;
  return postOnce(s, postKey(kind, request.id), () =>
    s.outbox.messenger(request.platform).post(request.conversation, reply, options),
  );
}

/** The reminder is on, due at `now`, not decided yet, and the escalation is not due instead. */
export function reminderDue(request: PaymentRequest, policy: EngineServices['policy'], now: number): boolean {
  const after = policy.reminderAfterMs;
  return (
    request.state === 'awaiting_approval' &&
    after !== undefined &&
    after > 0 &&
    request.reminderSentAt === undefined &&
    request.escalatedAt === undefined &&
    now - request.createdAt >= after &&
    !escalationDue(request, policy.escalateAfterMs, now)
  );
}

export function reminderPost(t: Texts, request: PaymentRequest, waitedMs: number): Reply {
  const until = request.approvalExpiresAt
    ? t.t('requests.card.open_until', { time: t.time(request.approvalExpiresAt) })
    : '';
  return {
    text: t.t('requests.reminder', {
      ...waitingValues(t, request, waitedMs),
      approvers: MENTION_APPROVERS,
      until,
    }),
    context: [requestContext(t, request)],
    tone: 'info',
  };
}

/** The requester's DM once an approval expired unanswered: what happened and what to do. */
export function expiredUnansweredDm(t: Texts, request: PaymentRequest): Reply {
  const waited =
    request.approvalExpiresAt !== undefined
      ? t.t('requests.expired_within', { span: spanText(t, request.approvalExpiresAt - request.createdAt) })
      : '';
  const key = request.purpose === 'fund' ? 'requests.expired_unanswered_fund' : 'requests.expired_unanswered_subscribe';
  return {
    title: t.t('requests.expired_unanswered_title'),
    text: t.t(key, { what: whatFor(t, request), waited }),
    context: [requestContext(t, request)],
    tone: 'neutral',
  };
}

/**
 * Follow up one request the sweep found (the caller holds its lock and passes a fresh copy):
 * reminder, escalation, or the expired-unanswered DM, each decided once and posted once.
 */
export async function followUpApproval(s: EngineServices, request: PaymentRequest): Promise<void> {
  const now = s.clock.now();
  if (request.state === 'approval_expired') {
    if (request.approvalExpiresAt === undefined || now - request.approvalExpiresAt > EXPIRED_DM_WINDOW_MS) return;
    await postOnce(s, postKey('expired_dm', request.id), async () => {
      try {
        return await s.outbox
          .messenger(request.platform)
          .dm(request.requester, expiredUnansweredDm(requesterTexts(s, request), request));
      } catch (err) {
        if (!(err instanceof DmClosedError)) throw err;
        s.logger.warn({ requestId: request.id }, 'requester DMs closed; expiry notice not sent');
        return undefined;
      }
    });
    return;
  }
  if (request.state !== 'awaiting_approval') return;
  if (reminderDue(request, s.policy, now)) {
    request.reminderSentAt = now;
    await s.ledger.saveNoted(request, { detail: 'reminder sent to the approvers' });
  }
  if (request.reminderSentAt !== undefined && request.escalatedAt === undefined) {
    await postInThreadOnce(
      s,
      request,
      'reminder',
      reminderPost(s.texts(s.locale()), request, s.policy.reminderAfterMs ?? 0),
    );
  }
  await escalateIfDue(s, request);
}

/** Decide (persist + audit) the escalation when due, then post it if still owed. Caller holds the lock. */
async function escalateIfDue(s: EngineServices, request: PaymentRequest): Promise<void> {
  const after = s.policy.escalateAfterMs;
  if (escalationDue(request, after, s.clock.now())) {
    request.escalatedAt = s.clock.now();
    await s.ledger.saveNoted(request, { detail: 'escalated to the fallback approvers' });
  }
  if (request.escalatedAt === undefined || request.state !== 'awaiting_approval') return;
  await postInThreadOnce(
    s,
    request,
    'escalation',
    escalationPost(s.texts(s.locale()), request, after ?? request.escalatedAt - request.createdAt),
  );
}

/** Whether the sweep should look at this request at all (cheap filter before taking its lock). */
export function needsFollowUp(request: PaymentRequest, s: EngineServices): boolean {
  if (request.state === 'approval_expired')
    return request.approvalExpiresAt !== undefined && s.clock.now() - request.approvalExpiresAt <= EXPIRED_DM_WINDOW_MS;
  if (request.state !== 'awaiting_approval') return false;
  return (
    s.policy.reminderAfterMs !== undefined ||
    s.policy.escalateAfterMs !== undefined ||
    request.escalatedAt !== undefined
  );
}
