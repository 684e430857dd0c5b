/** `/ml coupon CODE`: what a coupon gives, with a Redeem button when it can be redeemed. */
import { callBilling } from '../flow/billing-call.ts';
import { normaliseCode } from '../flow/coupon-flow.ts';
import type { CommandSpec } from '../handler.ts';
import { couponCheckReply } from '../views/coupon.ts';
import { refusal } from '../views/notices.ts';

export const couponCommand: CommandSpec = {
  name: 'coupon',
  usage: '/ml coupon <code>',
  example: '/ml coupon WELCOME10',
  summary: 'Check a coupon; Redeem credits the wallet (approvers at once, others after an approval).',
  async run({ s, event, args, respond }) {
    const code = normaliseCode(args);
    if (!code) {
      await respond.reply(
        refusal('Coupon codes are letters, digits, "-" and "_" (up to 40).', couponCommand, event.platform),
      );
      return;
    }
    const check = await callBilling(s, respond, 'check the coupon', () => s.billing.validateCoupon(code));
    if (check) await respond.reply(couponCheckReply(check, event.actor.isApprover));
  },
};
