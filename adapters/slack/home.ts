/**
 * The App Home tab: `app_home_opened` → views.publish. What it shows comes from a provider the
 * wiring can replace (issue 6: balance, open requests, receipts); the default is a short guide.
 */
import type { Reply, TextFormatter } from '../../src/core/reply.ts';
import type { UserRef } from '../../src/core/types.ts';
import { LIMITS } from './limits.ts';
import { renderReply, type SlackBlock } from './render.ts';

export type HomeProvider = (user: UserRef) => Promise<readonly Reply[]>;

export function defaultHome(sandbox: boolean): HomeProvider {
  return async () => [
    {
      title: 'ModelsLab billing',
      text: 'Pay for the team’s ModelsLab account from Slack, with an approver in the loop.',
      fields: [
        { label: '/ml-fund <amount> [note]', value: 'Ask for a wallet top-up' },
        { label: '/ml-subscribe [plan]', value: 'Subscribe the account to a plan' },
        { label: '/ml-balance', value: 'Balance and recent transactions' },
        { label: '/ml help', value: 'Status, invoices, coupons, audit export' },
      ],
      ...(sandbox ? { context: ['SANDBOX: payments go to the built-in simulator, no real money moves.'] } : {}),
    },
  ];
}

export function renderHome(replies: readonly Reply[], fmt: TextFormatter): { type: 'home'; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderReply(reply, fmt, LIMITS.blocksPerHomeView).blocks);
  });
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerHomeView) };
}
