/** Next / Previous on a transactions page: the clicked page is replaced where the platform can. */
import { showTransactions } from '../commands/transactions.ts';
import { replaceOrReply } from '../flow/billing-call.ts';
import type { ActionHandler } from '../handler.ts';
import { parseTxPageValue } from '../views/ledger.ts';
import { refusal } from '../views/notices.ts';

export const txPageAction: ActionHandler = async ({ s, event, respond }) => {
  const page = parseTxPageValue(event.value);
  if (!page) {
    await respond.reply(refusal('That page button is broken. /ml transactions starts again from the top.'));
    return;
  }
  await showTransactions(s, respond, page.filter, page.offset, replaceOrReply(respond));
};
