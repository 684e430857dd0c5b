/**
 * The command table. `/ml-fund`, `/ml-subscribe` and `/ml-balance` map to their entries; `/ml
 * <sub> …` looks the first word up here. New commands (transactions, invoices, coupons, …) are a
 * file in this folder plus one line below.
 */

import { auditCommand } from '../admin/audit.ts';
import { helpCommand } from '../admin/help.ts';
import { billingCommand } from '../billing-details/billing.ts';
import { cardsCommand } from '../cards/cards.ts';
import { couponCommand } from '../coupons/coupon.ts';
import { cancelCommand } from '../fund/cancel-command.ts';
import { denyCommand } from '../fund/deny-command.ts';
import { fundCommand } from '../fund/fund.ts';
import { statusCommand } from '../fund/status.ts';
import { reportCommand } from '../report/index.ts';
import type { CommandContext, CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { panelCommand } from '../subscriptions/panel.ts';
import { subscribeCommand } from '../subscriptions/subscribe.ts';
import { autoRechargeCommand } from '../wallet/autorecharge.ts';
import { balanceCommand } from '../wallet/balance.ts';
import { invoicesCommand } from '../wallet/invoices.ts';
import { transactionsCommand } from '../wallet/transactions.ts';
import { WORKSPACE_COMMANDS } from '../workspace/index.ts';

export const COMMANDS: readonly CommandSpec[] = [
  fundCommand,
  subscribeCommand,
  balanceCommand,
  statusCommand,
  transactionsCommand,
  invoicesCommand,
  couponCommand,
  autoRechargeCommand,
  cardsCommand,
  billingCommand,
  cancelCommand,
  denyCommand,
  auditCommand,
  reportCommand,
  panelCommand,
  // /ml connect, /ml disconnect, /ml settings: answered by the workspace desk (the router sends them there).
  ...WORKSPACE_COMMANDS,
  helpCommand(() => COMMANDS),
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Route a command event: top-level commands directly, `/ml <sub> <args>` by its first word. */
export async function runCommand(ctx: CommandContext): Promise<void> {
  if (ctx.event.command !== 'ml') {
    const spec = findCommand(ctx.event.command);
    if (spec) await spec.run(ctx);
    return;
  }
  const [, sub = '', rest = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(ctx.args) ?? [];
  const spec = findCommand(sub.toLowerCase() || 'help');
  if (!spec) {
    await ctx.respond.reply(
      refusal(
        ctx.t.t('engine.no_such_command', { sub: sub.slice(0, 30) }),
        { usage: '/ml help', example: '/ml status' },
        ctx.event.platform,
        ctx.t,
      ),
    );
    return;
  }
  await spec.run({ ...ctx, args: rest });
}
