/** Next / Previous on a transactions page: the clicked page is replaced where the platform can. */

import { replaceOrReply } from '../shared/billing-call.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { parseTxPageValue } from './ledger-view.ts';
import { showTransactions } from './transactions.ts';

export const txPageAction: ActionHandler = async ({ s, event, respond, t }) => {
  const page = parseTxPageValue(event.value);
  if (!page) {
    await respond.reply(refusal(t.t('wallet.tx_button_broken')));
    return;
  }
  await showTransactions(s, t, respond, page.filter, page.offset, replaceOrReply(respond));
};
