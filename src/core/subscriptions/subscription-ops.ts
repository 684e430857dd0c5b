/** Shared by sub_manage and sub_confirm: approver check, and the subscription and plans they act on. */

import { callBilling } from '../shared/billing-call.ts';
import { refusal } from '../shared/notices.ts';
import { subShort } from '../shared/plan-names.ts';
import type { Plan, Responder, Subscription } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Actor } from '../shared/types.ts';
import { parseSubValue, type SubCommand } from './subscriptions-view.ts';

export const MANAGE_RULE = 'Only approvers can pause, resume or change the subscription.';

export interface SubTarget {
  readonly command: SubCommand;
  readonly sub: Subscription;
  readonly plans: readonly Plan[];
}

/** Parse, check the actor, load the subscription and plans; answers and returns undefined on any refusal. */
export async function loadTarget(
  s: EngineServices,
  actor: Actor,
  value: string,
  respond: Responder,
): Promise<SubTarget | undefined> {
  if (!actor.isApprover) {
    await respond.reply(refusal(MANAGE_RULE));
    return undefined;
  }
  const command = parseSubValue(value);
  if (!command) {
    await respond.reply(refusal('That button is broken. /ml status shows the subscriptions again.'));
    return undefined;
  }
  const loaded = await callBilling(s, respond, 'load the subscriptions', () =>
    Promise.all([s.billing.listSubscriptions(), s.billing.listPlans()]),
  );
  if (!loaded) return undefined;
  const [subs, plans] = loaded;
  const sub = subs.find((x) => x.id === command.subscriptionId);
  if (!sub) {
    await respond.reply(
      refusal(`Subscription #${command.subscriptionId} no longer exists. /ml status shows the current ones.`),
    );
    return undefined;
  }
  if (command.planId !== undefined && !plans.some((p) => p.id === command.planId)) {
    await respond.reply(refusal('That plan is no longer offered. /ml status shows the subscriptions again.'));
    return undefined;
  }
  return { command, sub, plans };
}

/** Why the operation makes no sense in the subscription's current status, if it doesn't. */
export function pointless(t: SubTarget): string | undefined {
  const { command, sub } = t;
  const it = subShort(sub, t.plans);
  if (command.op === 'pause' && sub.status === 'paused') return `${it} is already paused. Nothing changed.`;
  if (command.op === 'resume' && sub.status !== 'paused') return `${it} is ${sub.status}, not paused. Nothing changed.`;
  if (command.op === 'change' && command.planId === sub.planId)
    return `${it} is already on that plan. Nothing changed.`;
  if (sub.status === 'canceled') return `${it} is canceled. Nothing changed.`;
  return undefined;
}
