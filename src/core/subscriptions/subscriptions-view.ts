/**
 * Subscriptions in `/ml status`, the management buttons, the confirm step and the outcome line.
 * An account may hold several subscriptions (one per plan category, add-ons stacked), so every
 * text that acts on one names which: its id, plan, price and current period ("#501 Standard
 * (monthly) · $49.00/month · period from 19 Nov 2026"). A plan change shows both prices and when
 * it takes effect: ModelsLab's `PUT /subscriptions/{id}` switches the plan at once (the simulator
 * does exactly that and keeps the period), so the new price applies from the next renewal on.
 */

import type { Texts } from '../shared/i18n.ts';
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

export function planName(t: Texts, planId: number, plans: readonly Plan[]): string {
  const plan = plans.find((p) => p.id === planId);
  return plan
    ? t.t('subscriptions.plan_with_period', { name: plan.name, period: plan.period })
    : t.t('subscriptions.plan_unknown', { id: planId });
}

/** A subscription's status in words (ModelsLab's code; an unknown one as given). */
export function statusWord(t: Texts, status: string): string {
  return t.t('subscriptions.status', { status });
}

export function subscriptionLine(t: Texts, sub: Subscription, plans: readonly Plan[]): string {
  const price = planPrice(sub.planId, plans, t);
  const start = sub.currentPeriodStart ? t.date(sub.currentPeriodStart) : undefined;
  const end = sub.currentPeriodEnd ? t.date(sub.currentPeriodEnd) : undefined;
  const period =
    start && end
      ? t.t('subscriptions.period_range', { start, end })
      : end
        ? t.t('subscriptions.period_ends', { end })
        : '';
  return `${subShort(sub, plans, t)}${price ? ` · ${price}` : ''} · ${statusWord(t, sub.status)}${period}`;
}

/** Approvers' buttons for one subscription: Pause or Resume, and Change plan, each naming it. */
export function manageButtons(t: Texts, sub: Subscription, plans: readonly Plan[]): Button[] {
  const name = subShort(sub, plans, t);
  const out: Button[] = [];
  if (sub.status === 'active' || sub.status === 'trialing') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'pause', subscriptionId: sub.id }),
      label: t.t('subscriptions.pause_button', { sub: name }),
    });
  }
  if (sub.status === 'paused') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'resume', subscriptionId: sub.id }),
      label: t.t('subscriptions.resume_button', { sub: name }),
    });
  }
  if (sub.status !== 'canceled') {
    out.push({
      kind: 'action',
      action: 'sub_manage',
      value: subValue({ op: 'change', subscriptionId: sub.id }),
      label: t.t('subscriptions.change_button', { sub: name }),
    });
  }
  return out;
}

function neverMind(t: Texts): Button {
  return { kind: 'action', action: 'dismiss', value: 'sub', label: t.t('subscriptions.never_mind') };
}

/** Plans as buttons for "Change plan" (not the current one; Discord allows 25 buttons). */
export function changePlanPicker(t: Texts, sub: Subscription, plans: readonly Plan[]): Reply {
  const choices = plans.filter((p) => p.id !== sub.planId && p.category !== 'addon').slice(0, 24);
  const which = subRef(sub, plans, t);
  return {
    title: t.t('subscriptions.change_title', { id: sub.id }),
    text: choices.length
      ? t.t('subscriptions.change_pick', { sub: which })
      : t.t('subscriptions.change_none', { sub: which }),
    buttons: [
      ...choices.map(
        (p): Button => ({
          kind: 'action',
          action: 'sub_manage',
          value: subValue({ op: 'change', subscriptionId: sub.id, planId: p.id }),
          label: planLabel(t, p),
        }),
      ),
      neverMind(t),
    ],
    ephemeral: true,
    tone: 'info',
  };
}

/** When a plan change takes effect, and what it costs from when. */
export function changeEffect(
  t: Texts,
  sub: Subscription,
  newPlanId: number,
  plans: readonly Plan[],
  oldPrice?: string,
): string {
  const price = planPrice(newPlanId, plans, t);
  const renewal = sub.currentPeriodEnd
    ? t.t('subscriptions.renewal_on', { date: t.date(sub.currentPeriodEnd) })
    : t.t('subscriptions.next_renewal');
  const instead = oldPrice && oldPrice !== price ? t.t('subscriptions.instead_of', { price: oldPrice }) : '';
  return price ? t.t('subscriptions.effect_price', { renewal, price, instead }) : t.t('subscriptions.effect');
}

export function confirmStep(t: Texts, c: SubCommand, sub: Subscription, plans: readonly Plan[]): Reply {
  const which = subRef(sub, plans, t);
  let question: string;
  if (c.op === 'pause') question = t.t('subscriptions.confirm_pause', { sub: which });
  else if (c.op === 'resume') question = t.t('subscriptions.confirm_resume', { sub: which });
  else {
    const newPlan = c.planId ?? 0;
    const from = planPrice(sub.planId, plans, t);
    const to = planPrice(newPlan, plans, t);
    question = t.t('subscriptions.confirm_change', {
      sub: subShort(sub, plans, t),
      from: from ? t.t('subscriptions.from_price', { price: from }) : '',
      plan: planName(t, newPlan, plans),
      to: to ? t.t('subscriptions.at_price', { price: to }) : '',
      began: sub.currentPeriodStart ? t.t('subscriptions.began', { date: t.date(sub.currentPeriodStart) }) : '',
      effect: changeEffect(t, sub, newPlan, plans, from),
    });
  }
  return {
    title: t.t('subscriptions.confirm_title'),
    text: question,
    buttons: [
      {
        kind: 'action',
        action: 'sub_confirm',
        value: subValue(c),
        label: t.t('subscriptions.confirm_button'),
        style: 'primary',
      },
      neverMind(t),
    ],
    ephemeral: true,
    tone: 'warning',
  };
}

/** The line posted in the channel once a change is done; `before` is `subRef` of it before. */
export function outcomeLine(
  t: Texts,
  c: SubCommand,
  actor: UserRef,
  before: string,
  after: Subscription,
  plans: readonly Plan[],
): string {
  const who = mentionUser(actor.id);
  if (c.op === 'pause') return t.t('subscriptions.outcome_pause', { who, sub: before });
  if (c.op === 'resume') {
    const end = after.currentPeriodEnd
      ? t.t('subscriptions.period_ends_at', { date: t.date(after.currentPeriodEnd) })
      : '';
    return t.t('subscriptions.outcome_resume', { who, sub: before, end });
  }
  const to = planPrice(after.planId, plans, t);
  return t.t('subscriptions.outcome_change', {
    who,
    sub: before,
    plan: subName(after, plans, t),
    to: to ? t.t('subscriptions.at_price', { price: to }) : '',
    effect: changeEffect(t, after, after.planId, plans),
  });
}

/** An add-on the account already has: say which, what another one costs, and ask explicitly. */
export function subscribeAgainStep(t: Texts, plan: Plan, held: readonly Subscription[], plans: readonly Plan[]): Reply {
  const have = held.map((x) => subRef(x, plans, t)).join('; ');
  const price = planPrice(plan.id, plans, t) ?? t.money(plan.priceCents);
  return {
    title: t.t('subscriptions.again_title', { plan: plan.name }),
    text: t.t('subscriptions.again_text', { have, plan: plan.name, price }),
    buttons: [
      {
        kind: 'action',
        action: 'pick_plan',
        value: `${plan.id}:again`,
        label: t.t('subscriptions.again_button'),
        style: 'primary',
      },
      neverMind(t),
    ],
    ephemeral: true,
    tone: 'warning',
  };
}
