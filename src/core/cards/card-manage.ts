/** Set default / Remove a saved card: the confirm step (issue 18: being built). */
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const cardManageAction: ActionHandler = async ({ respond, t }) => {
  await respond.reply(info(t.t('engine.action_unavailable')));
};
