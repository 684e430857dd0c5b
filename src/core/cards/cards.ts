/** `/ml cards` (issue 18: being built). */
import type { CommandSpec } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const cardsCommand: CommandSpec = {
  name: 'cards',
  usage: '/ml cards',
  example: '/ml cards',
  summary: 'Saved cards: brand, last four, expiry, default; approvers set the default, remove or add one.',
  async run({ respond, t }) {
    await respond.reply(info(t.t('engine.action_unavailable')));
  },
};
