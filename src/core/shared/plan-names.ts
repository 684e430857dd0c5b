/**
 * How a plan and a subscription are named in every text. An account may hold several
 * subscriptions (one per plan category, add-ons stacked), so a text that speaks of one names
 * which: "#501 Standard (monthly), $49.00/month, period from 19 Nov 2026". Shared because the
 * subscribe request's duplicate check (requests/plan-duplicates.ts) names the held plan too.
 */

import { formatDate } from './format.ts';
import { formatUsd } from './money.ts';
import type { Plan, Subscription } from './ports.ts';

/** "Premium (monthly)": the plan's name and period when the catalogue knows it. */
export function subName(sub: Subscription, plans: readonly Plan[]): string {
  const plan = plans.find((p) => p.id === sub.planId);
  const name = sub.planName || plan?.name || `plan ${sub.planId}`;
  return plan ? `${name} (${plan.period})` : name;
}

/** "$49.00/month" for a plan of the catalogue; undefined when the plan is unknown. */
export function planPrice(planId: number, plans: readonly Plan[]): string | undefined {
  const plan = plans.find((p) => p.id === planId);
  return plan ? `${formatUsd(plan.priceCents)}/${plan.period === 'yearly' ? 'year' : 'month'}` : undefined;
}

/** "#501 Standard (monthly)": short enough for a button, unambiguous among several. */
export function subShort(sub: Subscription, plans: readonly Plan[]): string {
  return `#${sub.id} ${subName(sub, plans)}`;
}

function periodFrom(sub: Subscription): string {
  return sub.currentPeriodStart ? `period from ${formatDate(sub.currentPeriodStart)}` : '';
}

/** "#501 Standard (monthly), $49.00/month, period from 19 Nov 2026": which one, in full, for a sentence. */
export function subRef(sub: Subscription, plans: readonly Plan[]): string {
  return [subShort(sub, plans), planPrice(sub.planId, plans), periodFrom(sub)].filter(Boolean).join(', ');
}
