/** "Request top-up" on a low-balance alert: a fund request for the clicker, under the /ml-fund rules. */

import { openRequest } from '../requests/open-request.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { centsToDollars } from '../shared/money.ts';
import { refusal } from '../shared/notices.ts';
import { checkFundAmount } from '../shared/policy.ts';
import { fundCommand } from './fund.ts';

export const topupAction: ActionHandler = async ({ s, event, respond, t }) => {
  const value = event.value.trim();
  const verdict = /^\d{1,9}$/.test(value)
    ? checkFundAmount(centsToDollars(Number(value)).toFixed(2), s.policy)
    : ({ ok: false, rule: () => t.t('fund.topup_broken') } as const);
  if (!verdict.ok) {
    await respond.reply(refusal(verdict.rule(t), fundCommand, event.platform, t));
    return;
  }
  await openRequest(s, event, respond, { purpose: 'fund', amountCents: verdict.cents, note: t.t('fund.topup_note') });
};
