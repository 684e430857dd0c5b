/**
 * The subscribe panel: a lasting channel message with one plan button per plan, for Discord
 * communities (Slack can show it too). Discord allows 25 buttons in 5 rows; the panel shows the
 * 10 most relevant monthly plans so the buttons stay readable.
 */

import type { Texts } from '../shared/i18n.ts';
import type { Plan } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';
import { planLabel } from './plans.ts';

export const PANEL_PLANS = 10;

const CATEGORY_ORDER = ['normal', 'imagen', 'enterprise'];

/** Monthly subscription plans (no add-ons), main catalogue first, then by price. */
export function panelPlans(plans: readonly Plan[]): Plan[] {
  const rank = (p: Plan) => {
    const i = CATEGORY_ORDER.indexOf(p.category);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return plans
    .filter((p) => p.period === 'monthly' && p.category !== 'addon')
    .sort((a, b) => rank(a) - rank(b) || a.priceCents - b.priceCents)
    .slice(0, PANEL_PLANS);
}

/** A channel post: `t` is the workspace's language. */
export function subscribePanel(t: Texts, plans: readonly Plan[]): Reply {
  const shown = panelPlans(plans);
  return {
    title: t.t('subscriptions.panel_title'),
    text: t.t('subscriptions.panel_text'),
    fields: shown.map((p) => ({ label: planLabel(t, p), value: p.features.slice(0, 3).join(', ') || p.category })),
    buttons: shown.map((p) => ({ kind: 'action', action: 'pick_plan', value: String(p.id), label: planLabel(t, p) })),
    context: [t.t('subscriptions.panel_context')],
    tone: 'info',
  };
}
