/**
 * "Withdraw my approval": before the last approval of a two-person request arrives, the approver
 * who gave one may take it back (audited, and the card shows it). Only their own, and only while
 * the request still awaits approval: once approved, the link is on its way and Cancel is the way out.
 */
import { drive } from '../requests/driver.ts';
import { userRef } from '../requests/queries.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { sameUser } from '../shared/policy.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

export const withdrawApprovalAction: ActionHandler = ({ s, event, respond, t }) =>
  withRequest(s, event, respond, t, async (request) => {
    if (request.state !== 'awaiting_approval') {
      await respond.reply(currentState(t, request));
      return;
    }
    const me = userRef(event.actor);
    const given = request.approvals ?? [];
    if (!given.some((a) => sameUser(a.by, me))) {
      await respond.reply(refusal(t.t('fund.withdraw_not_yours')));
      return;
    }
    request.approvals = given.filter((a) => !sameUser(a.by, me));
    const required = request.approvalsRequired ?? 1;
    await s.ledger.saveNoted(request, {
      actor: me,
      detail: `approval withdrawn (${request.approvals.length} of ${required})`,
    });
    await drive(s, request);
    await respond.reply(
      info(
        t.t('fund.withdrawn', {
          id: request.id,
          given: String(request.approvals.length),
          required: String(required),
        }),
      ),
    );
  });
