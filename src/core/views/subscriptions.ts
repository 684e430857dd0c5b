/** Subscriptions in `/ml status`, the management buttons, the confirm step and the outcome line. */
import { planLabel } from '../commands/plans.ts';
import type { Plan, Subscription } from '../ports.ts';
import { type Button, mentionUser, type Reply } from '../reply.ts';
import type { UserRef } from '../types.ts';

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

/** "Premium (monthly)": the plan's name and period when the catalogue knows it. */
export function subName(sub: Subscription, plans: readonly Plan[]): string {
  const plan = plans.find((p) => p.id === sub.planId);
  const name = sub.planName || plan?.name || `plan ${sub.planId}`;
  return plan ? `${name} (${plan.period})` : name;
}

export function planName(planId: number, plans: readonly Plan[]): string {
  const plan = plans.find((p) => p.id === planId);
  return plan ? `${plan.name} (${plan.period})` : `plan ${planId}`;
}

export function subscriptionLine(sub: Subscription, plans: readonly Plan[]): string {
  const end = sub.currentPeriodEnd ? ` · period ends ${sub.currentPeriodEnd.slice(0, 10)}` : '';
  return `${subName(sub, plans)} · ${sub.status}${end} · #${sub.id}`;
}

/** Approvers' buttons for one subscription: Pause or Resume, and Change plan. */
export function manageButtons(sub: Subscription, plans: readonly Plan[]): Button[] {
  const name = subName(sub, plans);
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
    title: `Change the plan of ${subName(sub, plans)}`,
    text: choices.length ? 'Pick the new plan. You confirm on the next step.' : 'There is no other plan to switch to.',
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

export function confirmStep(c: SubCommand, sub: Subscription, plans: readonly Plan[]): Reply {
  const name = subName(sub, plans);
  const question =
    c.op === 'pause'
      ? `Pause ${name}? It stays paused until an approver clicks Resume.`
      : c.op === 'resume'
        ? `Resume ${name}? Billing restarts with the current period.`
        : `Change ${name} to ${planName(c.planId ?? 0, plans)}?`;
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

/** The line posted in the channel once a change is done. */
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
    const end = after.currentPeriodEnd ? `; the current period ends ${after.currentPeriodEnd.slice(0, 10)}` : '';
    return `${who} resumed ${before}${end}.`;
  }
  return `${who} changed the subscription from ${before} to ${subName(after, plans)}.`;
}
