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
import { formatTime } from '../shared/format.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { formatUsd } from '../shared/money.ts';
import { info, refusal } from '../shared/notices.ts';
import { sameUser } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { withDecidableRequest } from './decision.ts';

/** The rule, as every refusal of a two-person click states it. */
export function twoPersonRule(request: PaymentRequest): string {
  const amount = request.amountCents !== undefined ? `This ${formatUsd(request.amountCents)} request` : 'This request';
  return `${amount} needs ${request.approvalsRequired ?? 2} different approvers, and the requester never counts (even where self-approval is allowed).`;
}

export const approveAction: ActionHandler = ({ s, event, respond }) =>
  withDecidableRequest({ s, actor: event.actor, target: event, respond }, async (request) => {
    if (request.approvalExpiresAt !== undefined && s.clock.now() >= request.approvalExpiresAt) {
      await s.ledger.transition(request, 'approval_expired', { detail: 'approval clicked after the deadline' });
      await drive(s, request);
      await respond.reply(
        refusal(`This request expired at ${formatTime(request.approvalExpiresAt)} before anyone approved it.`),
      );
      return;
    }
    const approver = userRef(event.actor);
    const required = request.approvalsRequired ?? 1;
    if (required > 1 && !(await countApproval(s, request, approver, respond))) return;
    request.approver = approver;
    await s.ledger.transition(request, 'approved', {
      actor: approver,
      ...(required > 1 ? { detail: `approval ${required} of ${required}` } : {}),
    });
    await respond.reply(
      info(`Approved ${request.id}. The payment link goes to ${mentionUser(request.payer.id)} by DM.`),
    );
    await drive(s, request, { respond, actor: approver });
  });

/**
 * Record one approval of a two-person request. True when it was the last one needed (the caller
 * approves); false when the click was refused or more approvals are still needed (answered here).
 */
async function countApproval(
  s: EngineServices,
  request: PaymentRequest,
  approver: UserRef,
  respond: Responder,
): Promise<boolean> {
  const required = request.approvalsRequired ?? 1;
  if (sameUser(approver, request.requester)) {
    await respond.reply(refusal(`${twoPersonRule(request)} Nothing changed.`));
    return false;
  }
  const given = request.approvals ?? [];
  if (given.some((a) => sameUser(a.by, approver))) {
    await respond.reply(
      refusal(
        `You already approved ${request.id}. ${twoPersonRule(request)} Another approver has to approve it; nothing changed.`,
      ),
    );
    return false;
  }
  request.approvals = [...given, { by: approver, at: s.clock.now() }];
  if (request.approvals.length >= required) return true;
  // Persisted and audited before the card shows it (the state stays awaiting_approval).
  await s.ledger.saveNoted(request, { actor: approver, detail: `approval ${request.approvals.length} of ${required}` });
  await drive(s, request);
  await respond.reply(
    info(
      `Your approval of ${request.id} is recorded (${request.approvals.length} of ${required}). Another approver has to approve it before the payment link is sent.`,
    ),
  );
  return false;
}
