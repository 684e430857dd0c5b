/** `/ml status`: the open requests on this platform, with their state. */
import type { CommandSpec } from '../handler.ts';
import { mentionUser } from '../reply.ts';
import { STATUS_LABEL } from '../views/card.ts';
import { whatFor } from '../views/format.ts';
import { info } from '../views/notices.ts';

export const statusCommand: CommandSpec = {
  name: 'status',
  usage: '/ml status',
  example: '/ml status',
  summary: 'Open requests and where each one stands.',
  async run({ s, event, respond }) {
    const open = (await s.requests.listOpen()).filter((r) => r.platform === event.platform);
    if (open.length === 0) {
      await respond.reply(info('No open requests.'));
      return;
    }
    open.sort((a, b) => a.createdAt - b.createdAt);
    await respond.reply({
      title: `Open requests (${open.length})`,
      text: open
        .slice(0, 20)
        .map((r) => `${r.id} · ${r.purpose} ${whatFor(r)} · ${STATUS_LABEL[r.state]} · ${mentionUser(r.requester.id)}`)
        .join('\n'),
      ephemeral: true,
      tone: 'info',
    });
  },
};
