/** Fix payment on a failed subscription payment notice (issue 18: being built). */
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const fixPaymentAction: ActionHandler = async ({ respond, t }) => {
  await respond.reply(info(t.t('engine.action_unavailable')));
};
