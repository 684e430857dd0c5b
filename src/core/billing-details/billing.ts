/** `/ml billing` (issue 18: being built). */
import type { CommandSpec } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';

export const billingCommand: CommandSpec = {
  name: 'billing',
  usage: '/ml billing',
  example: '/ml billing',
  summary: "The account's billing details (name, email, address, tax id); approvers edit them.",
  async run({ respond, t }) {
    await respond.reply(info(t.t('engine.action_unavailable')));
  },
};
