/**
 * A plan button from the subscribe picker (or the Discord panel): opens a subscribe request.
 * Value `<plan id>`, or `<plan id>:again` from the "Subscribe again" confirm of an add-on.
 */

import type { ActionHandler } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { loadPlans, openSubscribeRequest } from './subscribe.ts';

export const pickPlanAction: ActionHandler = async ({ s, event, respond, t }) => {
  const m = /^(\d{1,12})(:again)?$/.exec(event.value.trim());
  if (!m) {
    await respond.reply(refusal(t.t('subscriptions.plan_button_broken')));
    return;
  }
  const plans = await loadPlans(s, respond);
  if (!plans) return;
  const plan = plans.find((p) => String(p.id) === m[1]);
  if (!plan) {
    await respond.reply(refusal(t.t('subscriptions.plan_gone')));
    return;
  }
  await openSubscribeRequest(s, t, event, respond, plan, plans, { again: m[2] !== undefined });
};
