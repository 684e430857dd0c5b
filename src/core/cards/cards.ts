/** `/ml cards`: the account's saved cards, privately; approvers get the buttons to manage them. */
import type { CommandSpec } from '../shared/handler.ts';
import { loadCards } from './card-ops.ts';
import { cardsList } from './cards-view.ts';

export const cardsCommand: CommandSpec = {
  name: 'cards',
  usage: '/ml cards',
  example: '/ml cards',
  summary: 'Saved cards: brand, last four, expiry, default; approvers set the default, remove or add one.',
  async run({ s, event, respond, t }) {
    const cards = await loadCards(s, respond, t);
    if (!cards) return;
    await respond.reply(cardsList(t, cards, s.clock.now(), event.actor.isApprover));
  },
};
