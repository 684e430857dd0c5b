/** Plan lookup and the plan picker shared by `/ml-subscribe` and the `pick_plan` button. */
import type { Texts } from '../shared/i18n.ts';
import { pricePerPeriod } from '../shared/plan-names.ts';
import type { Plan } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';

export function planLabel(t: Texts, plan: Plan): string {
  return t.t('subscriptions.plan_label', { name: plan.name, price: pricePerPeriod(plan, t) });
}

/** By id, exact name, or a name prefix that matches exactly one plan. */
export function findPlan(plans: readonly Plan[], query: string): Plan | undefined {
  const q = query.trim().toLowerCase();
  if (/^\d+$/.test(q)) return plans.find((p) => p.id === Number(q));
  const exact = plans.filter((p) => p.name.toLowerCase() === q);
  if (exact.length === 1) return exact[0];
  const prefix = plans.filter((p) => p.name.toLowerCase().startsWith(q));
  return prefix.length === 1 ? prefix[0] : undefined;
}

/** What the picker says about a plan the account already has, and whether it still offers it. */
export interface HeldNote {
  readonly text: string;
  readonly offer: boolean;
}

export function planPicker(t: Texts, plans: readonly Plan[], held: ReadonlyMap<number, HeldNote> = new Map()): Reply {
  const about = (p: Plan) => p.features.slice(0, 3).join(', ') || p.category;
  return {
    title: t.t('subscriptions.picker_title'),
    text: t.t('subscriptions.picker_text'),
    fields: plans.map((p) => {
      const note = held.get(p.id);
      return { label: planLabel(t, p), value: note ? `${note.text} ${about(p)}` : about(p) };
    }),
    // Discord allows 25 buttons per message (5 rows of 5); more plans than that are not offered here.
    buttons: plans
      .filter((p) => held.get(p.id)?.offer ?? true)
      .slice(0, 25)
      .map((p) => ({ kind: 'action', action: 'pick_plan', value: String(p.id), label: planLabel(t, p) })),
    ephemeral: true,
    tone: 'info',
  };
}
