/**
 * The App Home tab: `app_home_opened` → views.publish. What it shows comes from the engine
 * (`engine.home(actor)`: balance, open requests, recent receipts) or a provider the wiring sets;
 * the fallback is a short guide.
 */
import type { Reply, TextFormatter } from '../../src/core/shared/reply.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { LIMITS } from './limits.ts';
import { renderReply, type SlackBlock } from './render.ts';

export type HomeProvider = (actor: Actor) => Promise<readonly Reply[]>;

const SANDBOX_NOTE = 'SANDBOX: payments go to the built-in simulator, no real money moves.';

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
      ...(sandbox ? { context: [SANDBOX_NOTE] } : {}),
    },
  ];
}

/** Shown when the Home content could not be built (store or engine failure). */
export const HOME_UNAVAILABLE: readonly Reply[] = [
  { title: 'ModelsLab billing', text: 'The Home tab could not be loaded just now. Open it again in a minute.' },
];

/**
 * One section per Reply, dividers between them. Action buttons are left out: a click in the Home
 * tab arrives with no channel to answer in (`container.type: 'view'`), so it could only be
 * dropped. Link buttons open in the browser and stay.
 */
export function renderHome(
  replies: readonly Reply[],
  fmt: TextFormatter,
  options: { readonly sandbox?: boolean } = {},
): { type: 'home'; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderReply(withoutActionButtons(reply), fmt, LIMITS.blocksPerHomeView).blocks);
  });
  const alreadyMarked = replies.some((r) => r.context?.includes(SANDBOX_NOTE));
  const footer: SlackBlock[] =
    options.sandbox && !alreadyMarked ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: SANDBOX_NOTE }] }] : [];
  return { type: 'home', blocks: [...blocks.slice(0, LIMITS.blocksPerHomeView - footer.length), ...footer] };
}

function withoutActionButtons(reply: Reply): Reply {
  if (!reply.buttons?.some((b) => b.kind === 'action')) return reply;
  return { ...reply, buttons: reply.buttons.filter((b) => b.kind === 'link') };
}
