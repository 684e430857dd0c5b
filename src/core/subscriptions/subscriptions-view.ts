/**
 * Subscriptions in `/ml status`, the management buttons, the confirm step and the outcome line.
 * An account may hold several subscriptions (one per plan category, add-ons stacked), so every
 * text that acts on one names which: its id, plan, price and current period ("#501 Standard
 * (monthly) · $49.00/month · period from 19 Nov 2026"). A plan change shows both prices and when
 * it takes effect: ModelsLab's `PUT /subscriptions/{id}` switches the plan at once (the simulator
 * does exactly that and keeps the period), so the new price applies from the next renewal on.
 */

import { formatDate } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import { planPrice, subName, subRef, subShort } from '../shared/plan-names.ts';
import type { Plan, Subscription } from '../shared/ports.ts';
import { type Button, mentionUser, type Reply } from '../shared/reply.ts';
import type { UserRef } from '../shared/types.ts';
import { planLabel } from './plans.ts';

export type SubOp = 'pause' | 'resume' | 'change';

export interface SubCommand {
  readonly op: SubOp;
  readonly subscriptionId: number;
  readonly planId?: number;
}

/** `sub_manage` / `sub_confirm` value: `<pause|resume|change>:<subscription id>[:<plan id>]`. */
export function subValue(c: SubCommand): string {
  return `${c.op}:${c.subscriptionId}${c.planId !== undefined ? `:${c.planId}` : ''}`;
}

export function parseSubValue(value: string): SubCommand | undefined {
  const m = /^(pause|resume|change):(\d{1,12})(?::(\d{1,12}))?$/.exec(value.trim());
  if (!m) return undefined;
  const op = m[1] as SubOp;
  if (op !== 'change' && m[3] !== undefined) return undefined;
  return { op, subscriptionId: Number(m[2]), ...(m[3] !== undefined ? { planId: Number(m[3]) } : {}) };
}

export function planName(planId: number, plans: readonly Plan[]): string {
  const plan = plans.find((p) => p.id === planId);
  return plan ? `${plan.name} (${plan.period})` : `plan ${planId}`;
}

export function subscriptionLine(sub: Subscription, plans: readonly Plan[]): string {
  const price = planPrice(sub.planId, plans);
  const start = sub.currentPeriodStart ? formatDate(sub.currentPeriodStart) : undefined;
  const end = sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : undefined;
  const period = start && end ? ` · period ${start} – ${end}` : end ? ` · period ends ${end}` : '';
  return `${subShort(sub, plans)}${price ? ` · ${price}` : ''} · ${sub.status}${period}`;
}

/** Approvers' buttons for one subscription: Pause or Resume, and Change plan, each naming it. */
export function manageButtons(sub: Subscription, plans: readonly Plan[]): Button[] {
  const name = subShort(sub, plans);
  const out: Button[] = [];
  if (sub.status === 'active' || sub.status === 'trialing') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'pause', subscriptionId: sub.id }),
      label: `Pause ${name}`,
    });
  }
  if (sub.status === 'paused') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'resume', subscriptionId: sub.id }),
      label: `Resume ${name}`,
    });
  }
  if (sub.status !== 'canceled') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'change', subscriptionId: sub.id }),
      label: `Change plan of ${name}`,
    });
  }
  return out;
}

/** Plans as buttons for "Change plan" (not the current one; Discord allows 25 buttons). */
export function changePlanPicker(sub: Subscription, plans: readonly Plan[]): Reply {
  const choices = plans.filter((p) => p.id !== sub.planId && p.category !== 'addon').slice(0, 24);
  return {
    title: `Change the plan of #${sub.id}`,
    text: choices.length
      ? `${subRef(sub, plans)}. Pick the new plan; the next step shows both prices and asks you to confirm.`
      : `${subRef(sub, plans)}. There is no other plan to switch to.`,
    buttons: [
      ...choices.map(
        (p): Button => ({
          kind: 'action',
          action: 'sub_manage',
          value: subValue({ op: 'change', subscriptionId: sub.id, planId: p.id }),
          label: planLabel(p),
        }),
      ),
      { kind: 'action', action: 'dismiss', value: 'sub', label: 'Never mind' },
    ],
    ephemeral: true,
    tone: 'info',
  };
}

/** When a plan change takes effect, and what it costs from when. */
export function changeEffect(sub: Subscription, newPlanId: number, plans: readonly Plan[], oldPrice?: string): string {
  const price = planPrice(newPlanId, plans);
  const renewal = sub.currentPeriodEnd ? `the renewal on ${formatDate(sub.currentPeriodEnd)}` : 'the next renewal';
  const instead = oldPrice && oldPrice !== price ? ` instead of ${oldPrice}` : '';
  return price
    ? `It takes effect at once; from ${renewal} the subscription costs ${price}${instead}.`
    : 'It takes effect at once.';
}

export function confirmStep(c: SubCommand, sub: Subscription, plans: readonly Plan[]): Reply {
  const which = subRef(sub, plans);
  let question: string;
  if (c.op === 'pause') question = `Pause ${which}? It stays paused until an approver clicks Resume.`;
  else if (c.op === 'resume') question = `Resume ${which}? Billing restarts with the current period.`;
  else {
    const newPlan = c.planId ?? 0;
    const from = planPrice(sub.planId, plans);
    const to = planPrice(newPlan, plans);
    const began = sub.currentPeriodStart ? ` Its current period began ${formatDate(sub.currentPeriodStart)}.` : '';
    question = `Change ${subShort(sub, plans)}${from ? ` from ${from}` : ''} to ${planName(newPlan, plans)}${to ? ` at ${to}` : ''}?${began} ${changeEffect(sub, newPlan, plans, from)}`;
  }
  return {
    title: 'Please confirm',
    text: question,
    buttons: [
      { kind: 'action', action: 'sub_confirm', value: subValue(c), label: 'Confirm', style: 'primary' },
      { kind: 'action', action: 'dismiss', value: 'sub', label: 'Never mind' },
    ],
    ephemeral: true,
    tone: 'warning',
  };
}

/** The line posted in the channel once a change is done; `before` is `subRef` of it before. */
export function outcomeLine(
  c: SubCommand,
  actor: UserRef,
  before: string,
  after: Subscription,
  plans: readonly Plan[],
): string {
  const who = mentionUser(actor.id);
  if (c.op === 'pause') return `${who} paused ${before}; it resumes when an approver clicks Resume (/ml status).`;
  if (c.op === 'resume') {
    const end = after.currentPeriodEnd ? `; the current period ends ${formatDate(after.currentPeriodEnd)}` : '';
    return `${who} resumed ${before}${end}.`;
  }
  const to = planPrice(after.planId, plans);
  return `${who} changed ${before} to ${subName(after, plans)}${to ? ` at ${to}` : ''}. ${changeEffect(after, after.planId, plans)}`;
}

/** An add-on the account already has: say which, what another one costs, and ask explicitly. */
export function subscribeAgainStep(plan: Plan, held: readonly Subscription[], plans: readonly Plan[]): Reply {
  const have = held.map((x) => subRef(x, plans)).join('; ');
  const price = planPrice(plan.id, plans) ?? formatUsd(plan.priceCents);
  return {
    title: `The account already has ${plan.name}`,
    text: `${have}. Add-ons stack: another ${plan.name} adds its allowance and bills ${price} more. Subscribe again?`,
    buttons: [
      { kind: 'action', action: 'pick_plan', value: `${plan.id}:again`, label: 'Subscribe again', style: 'primary' },
      { kind: 'action', action: 'dismiss', value: 'sub', label: 'Never mind' },
    ],
    ephemeral: true,
    tone: 'warning',
  };
}
