/**
 * "New link" / "Retry": an expired link becomes a new attempt (new idempotency key) under the
 * same approval; a link whose DM failed is sent again; an approved request whose link could
 * not be created (ModelsLab down) is tried again.
 */
import { drive } from '../requests/driver.ts';
import { newAttempt } from '../requests/link-step.ts';
import { userRef } from '../requests/queries.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { mayRenew } from '../shared/policy.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

export const newLinkAction: ActionHandler = ({ s, event, respond, t }) =>
  withRequest(s, event, respond, t, async (request) => {
    if (!['expired', 'link_created', 'approved'].includes(request.state)) {
      await respond.reply(currentState(t, request));
      return;
    }
    const verdict = mayRenew(event.actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t)));
      return;
    }
    const actor = userRef(event.actor);
    if (request.state === 'expired') {
      const attempt = newAttempt(request);
      request.attempts.push(attempt);
      await s.ledger.transition(request, 'approved', { actor, detail: `new link (attempt ${attempt.n})` });
    }
    await drive(s, request, { respond, actor, texts: t });
    if (request.state === 'awaiting_payment') {
      await respond.reply({ text: t.t('fund.link_in_dms'), ephemeral: true, tone: 'info' });
    }
  });
