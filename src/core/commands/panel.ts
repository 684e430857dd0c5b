/** `/ml panel` (admins): post a lasting subscribe panel with plan buttons in this channel. */
import { MessengerError } from '../errors.ts';
import type { CommandSpec } from '../handler.ts';
import { info, notPosted, refusal } from '../views/notices.ts';
import { subscribePanel } from '../views/panel.ts';
import { loadPlans } from './subscribe.ts';

export const panelCommand: CommandSpec = {
  name: 'panel',
  usage: '/ml panel',
  example: '/ml panel',
  summary: 'Admins: post a lasting subscribe panel with one button per plan in this channel.',
  audience: 'admins',
  async run({ s, event, respond }) {
    if (!event.actor.isAdmin) {
      await respond.reply(refusal('Only server admins (Manage Server) can post the subscribe panel.'));
      return;
    }
    const plans = await loadPlans(s, respond);
    if (!plans) return;
    try {
      await s.outbox.messenger(event.platform).post(event.conversation, subscribePanel(plans));
    } catch (err) {
      if (!(err instanceof MessengerError)) throw err;
      await respond.reply(refusal(notPosted(err, event.platform, 'the subscribe panel', 'there is no panel here')));
      return;
    }
    await respond.reply(info('Panel posted.'));
  },
};
