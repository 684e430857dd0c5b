/**
 * `/ml coupon CODE`: what a coupon gives, with a Redeem button when it can be redeemed. The answer
 * promises only what a click would do: it reads the bot's own record of the code first (a request
 * waiting, approved or redeemed) and ModelsLab's validation, the same two facts the click uses.
 */
import { callBilling } from '../shared/billing-call.ts';
import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { couponRequests, normaliseCode, redeemsDirectly } from './coupon-flow.ts';
import { openCouponForm } from './coupon-form.ts';
import { couponAlready, couponCheckReply } from './coupon-view.ts';

export const couponCommand: CommandSpec = {
  name: 'coupon',
  usage: '/ml coupon <code>',
  example: '/ml coupon WELCOME10',
  summary: 'Check a coupon; Redeem credits the wallet (approvers at once, others after an approval).',
  async run(ctx) {
    const { s, event, args, respond, t } = ctx;
    // No code: the form asks for it (coupon-form.ts); a platform without forms gets the rule below.
    if (args.trim() === '' && (await openCouponForm(ctx))) return;
    const code = normaliseCode(args);
    if (!code) {
      await respond.reply(refusal(t.t('coupons.code_rule'), couponCommand, event.platform, t));
      return;
    }
    const existing = await couponRequests(s).forCode(code);
    if (existing && existing.state !== 'redeemed') {
      await respond.reply(couponAlready(t, existing));
      return;
    }
    const check = await callBilling(s, respond, 'check the coupon', () => s.billing.validateCoupon(code));
    if (!check) return;
    if (existing && !check.valid) {
      await respond.reply(couponAlready(t, existing));
      return;
    }
    await respond.reply(couponCheckReply(t, check, redeemsDirectly(s, event.actor.isApprover, check), existing));
  },
};
