/** Button actions to handlers. Actions without an entry get a polite "not available". */
import { billingEditAction } from '../billing-details/billing-edit.ts';
import { cardAddAction } from '../cards/card-add.ts';
import { cardConfirmAction } from '../cards/card-confirm.ts';
import { cardManageAction } from '../cards/card-manage.ts';
import { couponRedeemAction } from '../coupons/coupon-redeem.ts';
import { approveAction } from '../fund/approve.ts';
import { cancelAction } from '../fund/cancel.ts';
import { chargeCardAction } from '../fund/charge-card.ts';
import { denyFormAction } from '../fund/deny-form.ts';
import { fundFormAction } from '../fund/fund-form.ts';
import { newLinkAction } from '../fund/new-link.ts';
import { paidAction } from '../fund/paid.ts';
import { topupAction } from '../fund/topup.ts';
import { topupCustomAction } from '../fund/topup-form.ts';
import { tryAgainAction } from '../fund/try-again.ts';
import { withdrawApprovalAction } from '../fund/withdraw.ts';
import type { ActionContext, ActionTable } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';
import { fixPaymentAction } from '../subscriptions/fix-payment.ts';
import { pickPlanAction } from '../subscriptions/pick-plan.ts';
import { subConfirmAction } from '../subscriptions/sub-confirm.ts';
import { subManageAction } from '../subscriptions/sub-manage.ts';
import { txPageAction } from '../wallet/tx-page.ts';

// Every name in ACTION_NAMES (shared/types.ts) has its handler here: a missing one fails typecheck.
// `connect` and `settings` open the workspace desk's forms and `disconnect` confirms /ml
// disconnect (core/workspace): the router sends them there, never to an engine.
export const ACTIONS: Required<Omit<ActionTable, 'connect' | 'settings' | 'disconnect'>> = {
  approve: approveAction,
  // Deny opens the reason form (deny-form.ts); without forms it denies at once, as before.
  deny: denyFormAction,
  cancel: cancelAction,
  paid: paidAction,
  new_link: newLinkAction,
  try_again: tryAgainAction,
  withdraw_approval: withdrawApprovalAction,
  pick_plan: pickPlanAction,
  topup: topupAction,
  topup_custom: topupCustomAction,
  fund_form: fundFormAction,
  tx_page: txPageAction,
  coupon_redeem: couponRedeemAction,
  sub_manage: subManageAction,
  sub_confirm: subConfirmAction,
  charge_card: chargeCardAction,
  card_manage: cardManageAction,
  card_confirm: cardConfirmAction,
  card_add: cardAddAction,
  billing_edit: billingEditAction,
  fix_payment: fixPaymentAction,
  // "Never mind": the platform removes the private message holding the button, where it can.
  dismiss: async ({ respond }) => {
    await respond.dismiss?.();
  },
};

export async function runAction(ctx: ActionContext): Promise<void> {
  const handler = (ACTIONS as ActionTable)[ctx.event.action];
  if (!handler) {
    await ctx.respond.reply(info(ctx.t.t('engine.action_unavailable')));
    return;
  }
  await handler(ctx);
}
