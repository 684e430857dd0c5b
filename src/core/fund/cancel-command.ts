/** `/ml cancel <request id>`: the same as the Cancel button. */

import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { cancelRequest } from './cancel.ts';

export const cancelCommand: CommandSpec = {
  name: 'cancel',
  usage: '/ml cancel <request id>',
  example: '/ml cancel r7k3m9x2pq',
  summary: 'Cancel a request (requester or approver).',
  async run({ s, event, args, respond, t }) {
    const id = args.trim().split(/\s+/)[0] ?? '';
    if (!id) {
      await respond.reply(refusal(t.t('fund.say_which_cancel'), cancelCommand, event.platform, t));
      return;
    }
    await cancelRequest(s, event.actor, id, respond, t);
  },
};
