/** Edit on /ml billing: opens the contact or address form (issue 18: being built). */
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const billingEditAction: ActionHandler = async ({ respond, t }) => {
  await respond.reply(info(t.t('engine.action_unavailable')));
};
