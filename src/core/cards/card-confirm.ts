/**
 * `card_confirm`: performs a confirmed Make default / Remove. The approver check is made again
 * (an earlier step is never trusted), the card is read again (it must still be saved), and the
 * step is claimed once: a double click or a second approver's click does not act twice. The
 * idempotency key comes from the step's persisted nonce and is written before the call, so a
 * replay carries the same key. Audited, then answered with the updated list.
 */
import { forgetDefaultCard } from '../requests/card-offer-step.ts';
import { userRef } from '../requests/queries.ts';
import { callBilling, replaceOrReply } from '../shared/billing-call.ts';
import type { SavedCard } from '../shared/cards-port.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { auditCardChange } from './card-audit.ts';
import { loadCards, parseCardValue } from './card-ops.ts';
import { cardName, cardsList } from './cards-view.ts';
import { claimConfirmStep, loadConfirmStep, saveConfirmStep } from './confirm-steps.ts';

export const cardConfirmAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (!event.actor.isApprover) {
    await respond.reply(refusal(t.t('cards.manage_rule')));
    return;
  }
  const command = parseCardValue(event.value, true);
  if (!command?.nonce) {
    await respond.reply(refusal(t.t('cards.button_broken')));
    return;
  }
  const { op, pm, nonce } = command;
  const step = await loadConfirmStep(s, nonce);
  if (!step || step.op !== op || step.pm !== pm) {
    await respond.reply(info(t.t('cards.step_expired')));
    return;
  }
  if (!(await claimConfirmStep(s, nonce))) {
    await respond.reply(info(t.t('cards.already_confirmed')));
    return;
  }
  const before = await loadCards(s, respond, t);
  if (!before) return;
  const card = before.find((c) => c.id === pm);
  if (!card) {
    await replaceOrReply(respond)(cardsList(t, before, s.clock.now(), true, t.t('cards.card_gone')));
    return;
  }
  if (op === 'default' && card.isDefault) {
    const lead = t.t('cards.already_default', { card: cardName(t, card) });
    await replaceOrReply(respond)(cardsList(t, before, s.clock.now(), true, lead));
    return;
  }
  const key = `card-${op}-${pm}-${nonce}`;
  await saveConfirmStep(s, nonce, { ...step, key });
  const done = await callBilling(
    s,
    respond,
    t.t(op === 'default' ? 'cards.what_default' : 'cards.what_remove'),
    async () => {
      if (op === 'default') await s.billing.setDefaultCard(pm, key);
      else await s.billing.removeCard(pm, key);
      await forgetDefaultCard(s);
      return true;
    },
    'change',
    t,
  );
  if (!done) return;
  await auditCardChange(s, card, {
    actor: userRef(event.actor),
    detail: (name) => `${op === 'default' ? 'set default' : 'removed'} ${name} (${pm})`,
  });
  const after = await s.billing.listCards().catch(() => undefined);
  const lead = outcomeLead(t, op, card, after);
  if (!after) {
    await replaceOrReply(respond)(info(lead));
    return;
  }
  await replaceOrReply(respond)(cardsList(t, after, s.clock.now(), true, lead));
};

/** "Done: …", and after removing the default, which card ModelsLab made the default (if any). */
function outcomeLead(t: Texts, op: 'default' | 'remove', card: SavedCard, after: readonly SavedCard[] | undefined) {
  const name = cardName(t, card);
  if (op === 'default') return t.t('cards.done_default', { card: name });
  const done = t.t('cards.done_remove', { card: name });
  if (!card.isDefault || !after) return done;
  const next = after.find((c) => c.isDefault);
  return `${done} ${next ? t.t('cards.new_default', { card: cardName(t, next) }) : t.t('cards.no_default')}`;
}
