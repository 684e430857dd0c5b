/** `/ml deny <request id> [reason]`: the Deny button with a reason the requester is told by DM. */

import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { denyRequest } from './deny.ts';

export const denyCommand: CommandSpec = {
  name: 'deny',
  usage: '/ml deny <request id> [reason]',
  example: '/ml deny r7k3m9x2pq the eval run was cancelled',
  summary: 'Approvers: deny a request, optionally with a reason; the requester is told by DM.',
  audience: 'approvers',
  async run({ s, event, args, respond, t }) {
    const [, id = '', reason = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(args) ?? [];
    if (!id) {
      await respond.reply(refusal(t.t('fund.say_which_deny'), denyCommand, event.platform, t));
      return;
    }
    await denyRequest(s, event.actor, id, reason, respond, t);
  },
};
