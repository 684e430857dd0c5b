/**
 * How a plan and a subscription are named in every text. An account may hold several
 * subscriptions (one per plan category, add-ons stacked), so a text that speaks of one names
 * which: "#501 Standard (monthly), $49.00/month, period from 19 Nov 2026". Shared because the
 * subscribe request's duplicate check (requests/plan-duplicates.ts) names the held plan too.
 * `t` is the language of the text the name goes in (English by default).
 */

import { ENGLISH_TEXTS } from './english-texts.ts';
import type { Texts } from './i18n.ts';
import type { Plan, Subscription } from './ports.ts';

/** "$49.00/month" (or "/year"): a plan's price per period. */
export function pricePerPeriod(plan: Plan, t: Texts = ENGLISH_TEXTS): string {
  const key = plan.period === 'yearly' ? 'subscriptions.per_year' : 'subscriptions.per_month';
  return t.t(key, { amount: t.money(plan.priceCents) });
}

/** "Premium (monthly)": the plan's name and period when the catalogue knows it. */
export function subName(sub: Subscription, plans: readonly Plan[], t: Texts = ENGLISH_TEXTS): string {
  const plan = plans.find((p) => p.id === sub.planId);
  const name = sub.planName || plan?.name || t.t('subscriptions.plan_unknown', { id: sub.planId });
  return plan ? t.t('subscriptions.plan_with_period', { name, period: plan.period }) : name;
}

/** "$49.00/month" for a plan of the catalogue; undefined when the plan is unknown. */
export function planPrice(planId: number, plans: readonly Plan[], t: Texts = ENGLISH_TEXTS): string | undefined {
  const plan = plans.find((p) => p.id === planId);
  return plan ? pricePerPeriod(plan, t) : undefined;
}

/** "#501 Standard (monthly)": short enough for a button, unambiguous among several. */
export function subShort(sub: Subscription, plans: readonly Plan[], t: Texts = ENGLISH_TEXTS): string {
  return `#${sub.id} ${subName(sub, plans, t)}`;
}

function periodFrom(sub: Subscription, t: Texts): string {
  return sub.currentPeriodStart ? t.t('subscriptions.period_from', { date: t.date(sub.currentPeriodStart) }) : '';
}

/** "#501 Standard (monthly), $49.00/month, period from 19 Nov 2026": which one, in full, for a sentence. */
export function subRef(sub: Subscription, plans: readonly Plan[], t: Texts = ENGLISH_TEXTS): string {
  return [subShort(sub, plans, t), planPrice(sub.planId, plans, t), periodFrom(sub, t)].filter(Boolean).join(', ');
}
