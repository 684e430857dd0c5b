/** `coupon_redeem`: a bare code is the Redeem button; `approve:<id>` / `deny:<id>` the approval card. */

import type { ActionHandler } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { decideRedemption, normaliseCode, requestRedemption } from './coupon-flow.ts';

export const couponRedeemAction: ActionHandler = async ({ s, event, respond, t }) => {
  const decision = /^(approve|deny):(.+)$/.exec(event.value.trim());
  if (decision) {
    await decideRedemption(s, t, event, respond, decision[1] as 'approve' | 'deny', decision[2] ?? '');
    return;
  }
  const code = normaliseCode(event.value);
  if (!code) {
    await respond.reply(refusal(t.t('coupons.button_broken')));
    return;
  }
  await requestRedemption(s, t, event, respond, code);
};
