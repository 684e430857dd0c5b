/**
 * Approve: approvers only, not one's own request (unless allowed), and only while the request is
 * open for approval. A two-person request (at or above the second approval threshold) records
 * each different approver's click and moves on only at the last one needed. Every click runs
 * under the request's lock on a fresh read (with-request.ts), so two approvers clicking at once,
 * or one clicking twice, are counted one after the other: exactly one link is ever created.
 */
import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { sameUser } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { withDecidableRequest } from './decision.ts';

/** The rule, as every refusal of a two-person click states it. */
export function twoPersonRule(t: Texts, request: PaymentRequest): string {
  const what =
    request.amountCents !== undefined
      ? t.t('fund.two_person_amount', { amount: t.money(request.amountCents) })
      : t.t('fund.two_person_plain');
  return t.t('fund.two_person_rule', { what, count: request.approvalsRequired ?? 2 });
}

export const approveAction: ActionHandler = ({ s, event, respond, t }) =>
  withDecidableRequest({ s, actor: event.actor, target: event, respond, t }, async (request) => {
    if (request.approvalExpiresAt !== undefined && s.clock.now() >= request.approvalExpiresAt) {
      await s.ledger.transition(request, 'approval_expired', { detail: 'approval clicked after the deadline' });
      await drive(s, request);
      await respond.reply(refusal(t.t('fund.approve_expired', { time: t.time(request.approvalExpiresAt) })));
      return;
    }
    const approver = userRef(event.actor);
    const required = request.approvalsRequired ?? 1;
    if (required > 1 && !(await countApproval(s, t, request, approver, respond))) return;
    request.approver = approver;
    await s.ledger.transition(request, 'approved', {
      actor: approver,
      ...(required > 1 ? { detail: `approval ${required} of ${required}` } : {}),
    });
    await respond.reply(info(t.t('fund.approved', { id: request.id, payer: mentionUser(request.payer.id) })));
    await drive(s, request, { respond, actor: approver, texts: t });
  });

/**
 * Record one approval of a two-person request. True when it was the last one needed (the caller
 * approves); false when the click was refused or more approvals are still needed (answered here).
 */
async function countApproval(
  s: EngineServices,
  t: Texts,
  request: PaymentRequest,
  approver: UserRef,
  respond: Responder,
): Promise<boolean> {
  const required = request.approvalsRequired ?? 1;
  if (sameUser(approver, request.requester)) {
    await respond.reply(refusal(t.t('fund.own_two_person', { rule: twoPersonRule(t, request) })));
    return false;
  }
  const given = request.approvals ?? [];
  if (given.some((a) => sameUser(a.by, approver))) {
    await respond.reply(refusal(t.t('fund.already_approved', { id: request.id, rule: twoPersonRule(t, request) })));
    return false;
  }
  request.approvals = [...given, { by: approver, at: s.clock.now() }];
  if (request.approvals.length >= required) return true;
  // Persisted and audited before the card shows it (the state stays awaiting_approval).
  await s.ledger.saveNoted(request, { actor: approver, detail: `approval ${request.approvals.length} of ${required}` });
  await drive(s, request);
  await respond.reply(
    info(
      t.t('fund.approval_recorded', {
        id: request.id,
        given: String(request.approvals.length),
        required: String(required),
      }),
    ),
  );
  return false;
}
