/** Shared by sub_manage and sub_confirm: approver check, and the subscription and plans they act on. */

import { callBilling } from '../shared/billing-call.ts';
import type { Texts } from '../shared/i18n.ts';
import { refusal } from '../shared/notices.ts';
import { subShort } from '../shared/plan-names.ts';
import type { Plan, Responder, Subscription } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Actor } from '../shared/types.ts';
import { parseSubValue, type SubCommand } from './subscriptions-view.ts';

export interface SubTarget {
  readonly command: SubCommand;
  readonly sub: Subscription;
  readonly plans: readonly Plan[];
}

/** Parse, check the actor, load the subscription and plans; answers and returns undefined on any refusal. */
export async function loadTarget(
  s: EngineServices,
  t: Texts,
  actor: Actor,
  value: string,
  respond: Responder,
): Promise<SubTarget | undefined> {
  if (!actor.isApprover) {
    await respond.reply(refusal(t.t('subscriptions.manage_rule')));
    return undefined;
  }
  const command = parseSubValue(value);
  if (!command) {
    await respond.reply(refusal(t.t('subscriptions.button_broken')));
    return undefined;
  }
  const loaded = await callBilling(s, respond, 'load the subscriptions', () =>
    Promise.all([s.billing.listSubscriptions(), s.billing.listPlans()]),
  );
  if (!loaded) return undefined;
  const [subs, plans] = loaded;
  const sub = subs.find((x) => x.id === command.subscriptionId);
  if (!sub) {
    await respond.reply(refusal(t.t('subscriptions.sub_gone', { id: command.subscriptionId })));
    return undefined;
  }
  if (command.planId !== undefined && !plans.some((p) => p.id === command.planId)) {
    await respond.reply(refusal(t.t('subscriptions.plan_gone_status')));
    return undefined;
  }
  return { command, sub, plans };
}

/** Why the operation makes no sense in the subscription's current status, if it doesn't. */
export function pointless(t: Texts, target: SubTarget): string | undefined {
  const { command, sub } = target;
  const it = subShort(sub, target.plans, t);
  if (command.op === 'pause' && sub.status === 'paused') return t.t('subscriptions.already_paused', { sub: it });
  if (command.op === 'resume' && sub.status !== 'paused')
    return t.t('subscriptions.not_paused', { sub: it, status: sub.status });
  if (command.op === 'change' && command.planId === sub.planId)
    return t.t('subscriptions.already_on_plan', { sub: it });
  if (sub.status === 'canceled') return t.t('subscriptions.is_canceled', { sub: it });
  return undefined;
}
