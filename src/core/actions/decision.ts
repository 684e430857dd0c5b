/**
 * Approve and deny share one gate: the request must still await approval and the clicker must be
 * allowed to decide it (an approver, and not the requester unless the policy allows it). Buttons
 * and `/ml deny <id>` go through the same gate.
 */
import { mayDecide } from '../policy.ts';
import type { Responder } from '../ports.ts';
import type { PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import type { ActionEvent, Actor } from '../types.ts';
import { currentState, refusal } from '../views/notices.ts';
import { withRequest } from './with-request.ts';

export interface Decider {
  readonly s: EngineServices;
  readonly actor: Actor;
  /** A typed id (`/ml deny r123`) or the click itself, whose message is checked (with-request.ts). */
  readonly target: string | ActionEvent;
  readonly respond: Responder;
}

export function withDecidableRequest(
  { s, actor, target, respond }: Decider,
  decide: (request: PaymentRequest) => Promise<void>,
): Promise<void> {
  return withRequest(s, target, respond, async (request) => {
    if (request.state !== 'awaiting_approval') {
      await respond.reply(currentState(request));
      return;
    }
    const verdict = mayDecide(actor, request, s.policy);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule));
      return;
    }
    await decide(request);
  });
}
