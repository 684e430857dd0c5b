/** `/ml transactions [credit|debit]`: the wallet ledger, a page at a time, with Next/Previous. */
import { callBilling } from '../shared/billing-call.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { refusal } from '../shared/notices.ts';
import type { Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import { type LedgerFilter, TX_PAGE_SIZE, transactionsPage } from './ledger-view.ts';

/** Load one page and hand it to `show` (a new answer, or the clicked message replaced). */
export async function showTransactions(
  s: EngineServices,
  t: Texts,
  respond: Responder,
  filter: LedgerFilter,
  offset: number,
  show: Responder['reply'],
): Promise<void> {
  const page = await callBilling(s, respond, 'list the transactions', () =>
    s.billing.listTransactions({ ...(filter === 'all' ? {} : { type: filter }), limit: TX_PAGE_SIZE, offset }),
  );
  if (page) await show(transactionsPage(t, filter, page));
}

export const transactionsCommand: CommandSpec = {
  name: 'transactions',
  usage: '/ml transactions [credit|debit]',
  example: '/ml transactions credit',
  summary: `The wallet ledger, ${TX_PAGE_SIZE} at a time, with Next and Previous buttons.`,
  async run({ s, event, args, respond, t }) {
    const word = args.trim().toLowerCase();
    const filter: LedgerFilter | undefined =
      word === '' || word === 'all' ? 'all' : word === 'credit' || word === 'debit' ? word : undefined;
    if (!filter) {
      await respond.reply(refusal(t.t('wallet.tx_filter_rule'), transactionsCommand, event.platform, t));
      return;
    }
    await showTransactions(s, t, respond, filter, 0, (r) => respond.reply(r));
  },
};
