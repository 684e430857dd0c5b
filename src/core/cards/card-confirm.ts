/**
 * `card_confirm`: performs a confirmed Make default / Remove. The approver check is made again
 * (an earlier step is never trusted) and the card is read again (it must still be saved). The
 * step is done once: a double click or a second approver's click waits on the step's lock, then
 * finds it done. The idempotency key comes from the step's persisted nonce, and the card is written
 * to the step before the call; the step stays usable until ModelsLab has done it, so a Confirm
 * that met an outage or a crash can be clicked again and replays the same key. Audited, then
 * answered with the updated list.
 */
import { forgetDefaultCard } from '../requests/card-offer-step.ts';
import { userRef } from '../requests/queries.ts';
import { RequestBusyError } from '../requests/request-lock.ts';
import { callBilling, replaceOrReply } from '../shared/billing-call.ts';
import type { SavedCard } from '../shared/cards-port.ts';
import type { ActionContext, ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { auditCardChange } from './card-audit.ts';
import { type CardCommand, loadCards, parseCardValue } from './card-ops.ts';
import { cardLabel, cardName, cardsList } from './cards-view.ts';
import { confirmLockId, loadConfirmStep, saveConfirmStep } from './confirm-steps.ts';

export const cardConfirmAction: ActionHandler = async (ctx) => {
  const { s, event, respond, t } = ctx;
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
  try {
    await s.locks.run(confirmLockId(nonce), () => confirmLocked(ctx, { op, pm, nonce }));
  } catch (err) {
    if (!(err instanceof RequestBusyError)) throw err;
    await respond.reply(info(t.t('cards.confirm_busy')));
  }
};

async function confirmLocked(ctx: ActionContext, command: Required<CardCommand>): Promise<void> {
  const { s, event, respond, t } = ctx;
  const { op, pm, nonce } = command;
  // Read again under the lock: the click this one waited behind may have done it.
  const step = await loadConfirmStep(s, nonce);
  if (!step) {
    await respond.reply(info(t.t('cards.step_expired')));
    return;
  }
  if (step.doneAt !== undefined) {
    await respond.reply(info(t.t('cards.already_confirmed')));
    return;
  }
  // A Confirm whose call was sent before (it met an outage or a crash) sends it again with the
  // same key and the card as it was then: ModelsLab replays the first call, and the card may well
  // look changed already, because it was.
  const card = step.card ?? (await cardToChange(ctx, command));
  if (!card) return;
  // One key per step, from its nonce: every Confirm of it, before or after a crash, sends this one.
  const key = `card-${op}-${pm}-${nonce}`;
  await saveConfirmStep(s, nonce, { ...step, card });
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
  await saveConfirmStep(s, nonce, { ...step, card, doneAt: s.clock.now() });
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
}

/** The card to change, read again (it must still be saved, and not be the default already), or undefined once answered. */
async function cardToChange(ctx: ActionContext, command: Required<CardCommand>): Promise<SavedCard | undefined> {
  const { s, respond, t } = ctx;
  const before = await loadCards(s, respond, t);
  if (!before) return undefined;
  const card = before.find((c) => c.id === command.pm);
  if (!card) {
    await replaceOrReply(respond)(cardsList(t, before, s.clock.now(), true, t.t('cards.card_gone')));
    return undefined;
  }
  if (command.op === 'default' && card.isDefault) {
    const lead = t.t('cards.already_default', { card: cardName(t, card) });
    await replaceOrReply(respond)(cardsList(t, before, s.clock.now(), true, lead));
    return undefined;
  }
  return card;
}

/** "Done: …", and after removing the default, which card ModelsLab made the default (if any). */
function outcomeLead(t: Texts, op: 'default' | 'remove', card: SavedCard, after: readonly SavedCard[] | undefined) {
  // Named as its button was when a twin (same brand and last four) is still saved.
  const name = cardLabel(t, card, after ?? []);
  if (op === 'default') return t.t('cards.done_default', { card: name });
  const done = t.t('cards.done_remove', { card: name });
  if (!card.isDefault || !after) return done;
  const next = after.find((c) => c.isDefault);
  return `${done} ${next ? t.t('cards.new_default', { card: cardName(t, next) }) : t.t('cards.no_default')}`;
}
