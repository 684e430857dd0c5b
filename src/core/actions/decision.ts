/**
 * Approve and deny share one gate: the request must still await approval and the clicker must be
 * allowed to decide it (an approver, and not the requester unless the policy allows it).
 */
import type { ActionContext } from '../handler.ts';
import { mayDecide } from '../policy.ts';
import type { PaymentRequest } from '../request.ts';
import { currentState, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

export function withDecidableRequest(
  { s, event, respond }: ActionContext,
  decide: (request: PaymentRequest) => Promise<void>,
): Promise<void> {
  return withRequest(s, event, respond, async (request) => {
    if (request.state !== 'awaiting_approval') {
      await respond.reply(currentState(request));
      return;
    }
    const verdict = mayDecide(event.actor, request, s.policy);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    await decide(request);
  });
}
