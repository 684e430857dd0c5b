/** "Charge card on file ••4242": an approver charges the saved card for an approved top-up (issue 18: being built). */
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const chargeCardAction: ActionHandler = async ({ respond, t }) => {
  await respond.reply(info(t.t('engine.action_unavailable')));
};
