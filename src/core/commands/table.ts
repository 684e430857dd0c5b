/**
 * The command table. `/ml-fund`, `/ml-subscribe` and `/ml-balance` map to their entries; `/ml
 * <sub> …` looks the first word up here. New commands (transactions, invoices, coupons, …) are a
 * file in this folder plus one line below.
 */
import type { CommandContext, CommandSpec } from '../handler.ts';
import { refusal } from '../views/notices.ts';
import { auditCommand } from './audit.ts';
import { autoRechargeCommand } from './autorecharge.ts';
import { balanceCommand } from './balance.ts';
import { cancelCommand } from './cancel.ts';
import { couponCommand } from './coupon.ts';
import { denyCommand } from './deny.ts';
import { fundCommand } from './fund.ts';
import { helpCommand } from './help.ts';
import { invoicesCommand } from './invoices.ts';
import { panelCommand } from './panel.ts';
import { statusCommand } from './status.ts';
import { subscribeCommand } from './subscribe.ts';
import { transactionsCommand } from './transactions.ts';

export const COMMANDS: readonly CommandSpec[] = [
  fundCommand,
  subscribeCommand,
  balanceCommand,
  statusCommand,
  transactionsCommand,
  invoicesCommand,
  couponCommand,
  autoRechargeCommand,
  cancelCommand,
  denyCommand,
  auditCommand,
  panelCommand,
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
        `There is no "/ml ${sub.slice(0, 30)}" command.`,
        { usage: '/ml help', example: '/ml status' },
        ctx.event.platform,
      ),
    );
    return;
  }
  await spec.run({ ...ctx, args: rest });
}
