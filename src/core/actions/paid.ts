/** "I've paid": ask the watcher to check this checkout soon. It proves nothing by itself. */
import type { ActionHandler } from '../handler.ts';
import { mayClaimPaid } from '../policy.ts';
import { currentAttempt } from '../request.ts';
import { receiptWhere } from '../views/card.ts';
import { currentState, info, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

export const paidAction: ActionHandler = ({ s, event, respond }) =>
  withRequest(s, event, respond, async (request) => {
    // Checked before the state, so a stranger learns nothing about someone else's request.
    const verdict = mayClaimPaid(event.actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    const attempt = currentAttempt(request);
    if (request.state !== 'awaiting_payment' || !attempt) {
      await respond.reply(currentState(request));
      return;
    }
    attempt.paidClickedAt = s.clock.now();
    await s.ledger.save(request);
    s.watcher.nudge(request.id);
    await respond.reply(info(`Thanks! Checking the payment now. ${receiptWhere(request)}`));
  });
