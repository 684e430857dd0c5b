/** Add a card: DMs the approver a one-use link to the add-card page (issue 18: being built). */
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const cardAddAction: ActionHandler = async ({ respond, t }) => {
  await respond.reply(info(t.t('engine.action_unavailable')));
};
