/** Button actions to handlers. Actions without an entry get a polite "not available". */
import type { ActionContext, ActionTable } from '../handler.ts';
import { info } from '../views/notices.ts';
import { approveAction } from './approve.ts';
import { cancelAction } from './cancel.ts';
import { couponRedeemAction } from './coupon-redeem.ts';
import { denyAction } from './deny.ts';
import { newLinkAction } from './new-link.ts';
import { paidAction } from './paid.ts';
import { pickPlanAction } from './pick-plan.ts';
import { subConfirmAction } from './sub-confirm.ts';
import { subManageAction } from './sub-manage.ts';
import { topupAction } from './topup.ts';
import { tryAgainAction } from './try-again.ts';
import { txPageAction } from './tx-page.ts';

export const ACTIONS: ActionTable = {
  approve: approveAction,
  deny: denyAction,
  cancel: cancelAction,
  paid: paidAction,
  new_link: newLinkAction,
  try_again: tryAgainAction,
  pick_plan: pickPlanAction,
  topup: topupAction,
  tx_page: txPageAction,
  coupon_redeem: couponRedeemAction,
  sub_manage: subManageAction,
  sub_confirm: subConfirmAction,
  // "Never mind": the platform removes the private message holding the button, where it can.
  dismiss: async ({ respond }) => {
    await respond.dismiss?.();
  },
};

export async function runAction(ctx: ActionContext): Promise<void> {
  const handler = ACTIONS[ctx.event.action];
  if (!handler) {
    await ctx.respond.reply(info('That button is not available in this version.'));
    return;
  }
  await handler(ctx);
}
