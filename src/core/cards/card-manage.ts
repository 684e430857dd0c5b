/**
 * `card_manage`: an approver's Make default / Remove click. Nothing changes here: the card is
 * looked up again and the confirm step replaces the list. The step gets a nonce, persisted with
 * what it confirms before it is shown, so its Confirm has one idempotency key however often it is
 * clicked or delivered (card-confirm.ts).
 */

import { replaceOrReply } from '../shared/billing-call.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { randomToken } from '../shared/ids.ts';
import { info, refusal } from '../shared/notices.ts';
import { loadCards, parseCardValue } from './card-ops.ts';
import { cardName, confirmStep } from './cards-view.ts';
import { saveConfirmStep } from './confirm-steps.ts';

export const cardManageAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (!event.actor.isApprover) {
    await respond.reply(refusal(t.t('cards.manage_rule')));
    return;
  }
  const command = parseCardValue(event.value, false);
  if (!command) {
    await respond.reply(refusal(t.t('cards.button_broken')));
    return;
  }
  const cards = await loadCards(s, respond, t);
  if (!cards) return;
  const card = cards.find((c) => c.id === command.pm);
  if (!card) {
    await respond.reply(info(t.t('cards.card_gone')));
    return;
  }
  if (command.op === 'default' && card.isDefault) {
    await respond.reply(info(t.t('cards.already_default', { card: cardName(t, card) })));
    return;
  }
  const nonce = randomToken(12);
  await saveConfirmStep(s, nonce, { op: command.op, pm: command.pm, by: event.actor.id });
  const value = `${command.op}:${command.pm}:${nonce}`;
  await replaceOrReply(respond)(confirmStep(t, { op: command.op, card, value }, cards));
};
