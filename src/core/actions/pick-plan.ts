/** A plan button from the subscribe picker (or the Discord panel): opens a subscribe request. */
import { loadPlans, openSubscribeRequest } from '../commands/subscribe.ts';
import type { ActionHandler } from '../handler.ts';
import { refusal } from '../views/notices.ts';

export const pickPlanAction: ActionHandler = async ({ s, event, respond }) => {
  const plans = await loadPlans(s, respond);
  if (!plans) return;
  const plan = plans.find((p) => String(p.id) === event.value.trim());
  if (!plan) {
    await respond.reply(refusal('That plan is no longer offered. /ml-subscribe shows the current plans.'));
    return;
  }
  await openSubscribeRequest(s, event, respond, plan);
};
