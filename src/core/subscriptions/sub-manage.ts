/** `sub_manage`: an approver's Pause / Resume / Change plan click; asks for confirmation first. */

import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';
import { loadTarget, pointless } from './subscription-ops.ts';
import { changePlanPicker, confirmStep } from './subscriptions-view.ts';

export const subManageAction: ActionHandler = async ({ s, event, respond, t }) => {
  const target = await loadTarget(s, t, event.actor, event.value, respond);
  if (!target) return;
  if (target.command.op === 'change' && target.command.planId === undefined) {
    await respond.reply(changePlanPicker(t, target.sub, target.plans));
    return;
  }
  const why = pointless(t, target);
  if (why) {
    await respond.reply(info(why));
    return;
  }
  await respond.reply(confirmStep(t, target.command, target.sub, target.plans));
};
