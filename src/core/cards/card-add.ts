/**
 * `card_add`: an approver asks to add a card. The link to the add-card page goes to that
 * approver's DM only (card details are typed on a page that sends them to Stripe, never in a
 * chat); the private answer says it was sent. Without a public address there is no page to link.
 */
import { userRef } from '../requests/queries.ts';
import { DmClosedError } from '../shared/errors.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { issueAddCardLink } from './add-card-link.ts';

export const cardAddAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (!event.actor.isApprover) {
    await respond.reply(refusal(t.t('cards.add_rule')));
    return;
  }
  if (!s.payLinkBase) {
    await respond.reply(refusal(t.t('cards.add_needs_url')));
    return;
  }
  const by = userRef(event.actor);
  const { url, expiresAt } = await issueAddCardLink(s, s.payLinkBase, by, event.platform, t.locale);
  try {
    await s.outbox.messenger(event.platform).dm(by, {
      title: t.t('cards.add_dm_title'),
      text: t.t('cards.add_dm_text', { time: t.time(expiresAt) }),
      buttons: [{ kind: 'link', url, label: t.t('cards.add_button') }],
      tone: 'info',
    });
  } catch (err) {
    if (!(err instanceof DmClosedError)) throw err;
    s.logger.warn({ actor: by.id }, 'approver DMs closed; add-card link not sent');
    await respond.reply(refusal(t.t('cards.add_dm_closed')));
    return;
  }
  s.logger.info({ actor: by.id }, 'add-card link sent');
  await respond.reply(info(t.t('cards.add_sent')));
};
