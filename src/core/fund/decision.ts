/**
 * Approve and deny share one gate: the request must still await approval and the clicker must be
 * allowed to decide it (an approver, and not the requester unless the policy allows it). Buttons
 * and `/ml deny <id>` go through the same gate.
 */

import type { PaymentRequest } from '../requests/request.ts';
import type { Texts } from '../shared/i18n.ts';
import { refusal } from '../shared/notices.ts';
import { mayDecide } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent, Actor } from '../shared/types.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

export interface Decider {
  readonly s: EngineServices;
  readonly actor: Actor;
  /** A typed id (`/ml deny r123`) or the click itself, whose message is checked (with-request.ts). */
  readonly target: string | ActionEvent;
  readonly respond: Responder;
  /** The actor's language (ctx.t). */
  readonly t: Texts;
}

export function withDecidableRequest(
  { s, actor, target, respond, t }: Decider,
  decide: (request: PaymentRequest) => Promise<void>,
): Promise<void> {
  return withRequest(s, target, respond, t, async (request) => {
    if (request.state !== 'awaiting_approval') {
      await respond.reply(currentState(t, request));
      return;
    }
    const verdict = mayDecide(actor, request, s.policy);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t)));
      return;
    }
    await decide(request);
  });
}
