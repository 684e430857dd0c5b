/** The wallet ledger as chat text: balance answers and the paged `/ml transactions` view. */

import { ENGLISH_TEXTS } from '../shared/english-texts.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import type { AutoFunding, Transaction, TransactionPage } from '../shared/ports.ts';
import type { Button, Reply } from '../shared/reply.ts';

export type LedgerFilter = 'credit' | 'debit' | 'all';

// Five lines keep a page readable on a phone; the seed ledger of the sandbox spans two pages.
export const TX_PAGE_SIZE = 5;

/** ModelsLab's ledger `usecase` codes we know, in words; an unknown code is shown as given, less its underscores. */
const USECASE_WORDS: Readonly<Record<string, MessageKey>> = {
  wallet_funding: 'wallet.usecase.wallet_funding',
  api_usage: 'wallet.usecase.api_usage',
  coupon: 'wallet.usecase.coupon',
  coupon_bonus: 'wallet.usecase.coupon_bonus',
  subscription: 'wallet.usecase.subscription',
  auto_funding: 'wallet.usecase.auto_funding',
  withdrawal: 'wallet.usecase.withdrawal',
  refund: 'wallet.usecase.refund',
};

export function usecaseWords(usecase: string, t: Texts = ENGLISH_TEXTS): string {
  const code = usecase.trim().toLowerCase();
  const key = USECASE_WORDS[code];
  return key ? t.t(key) : code.replace(/[_-]+/g, ' ');
}

export function transactionLine(tx: Transaction, t: Texts = ENGLISH_TEXTS): string {
  return t.t('wallet.tx_line', {
    date: t.date(tx.createdAt),
    sign: tx.type === 'credit' ? '+' : '−',
    amount: t.money(tx.amountCents),
    what: usecaseWords(tx.usecase || tx.status, t),
  });
}

/** `t` defaults to English: the audit's detail is a record and stays English. */
export function autoRechargeLine(auto: AutoFunding | undefined, t: Texts = ENGLISH_TEXTS): string {
  if (!auto) return t.t('wallet.auto_unknown');
  if (!auto.enabled) return t.t('wallet.auto_off');
  return t.t('wallet.auto_on', {
    amount: t.money(auto.amountCents ?? 0),
    threshold: t.money(auto.thresholdCents ?? 0),
  });
}

/** `tx_page` button value: `<credit|debit|all>:<offset>`. */
export function txPageValue(filter: LedgerFilter, offset: number): string {
  return `${filter}:${offset}`;
}

export function parseTxPageValue(value: string): { filter: LedgerFilter; offset: number } | undefined {
  const m = /^(credit|debit|all):(\d{1,7})$/.exec(value.trim());
  if (!m) return undefined;
  return { filter: m[1] as LedgerFilter, offset: Number(m[2]) };
}

export function transactionsPage(t: Texts, filter: LedgerFilter, page: TransactionPage): Reply {
  const from = page.items.length ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  const buttons: Button[] = [];
  if (page.offset > 0) {
    const prev = Math.max(0, page.offset - page.limit);
    buttons.push({
      kind: 'action',
      action: 'tx_page',
      value: txPageValue(filter, prev),
      label: t.t('wallet.tx_previous'),
    });
  }
  if (to < page.total) {
    buttons.push({ kind: 'action', action: 'tx_page', value: txPageValue(filter, to), label: t.t('wallet.tx_next') });
  }
  return {
    title: t.t('wallet.tx_title', { kind: filter, from, to, total: page.total }),
    text: page.items.length ? page.items.map((tx) => transactionLine(tx, t)).join('\n') : t.t('wallet.tx_empty_page'),
    buttons,
    ephemeral: true,
    tone: 'info',
  };
}
