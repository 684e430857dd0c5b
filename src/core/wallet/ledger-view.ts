/** The wallet ledger as chat text: balance answers and the paged `/ml transactions` view. */

import { formatDate } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import type { AutoFunding, Transaction, TransactionPage } from '../shared/ports.ts';
import type { Button, Reply } from '../shared/reply.ts';

export type LedgerFilter = 'credit' | 'debit' | 'all';

// Five lines keep a page readable on a phone; the seed ledger of the sandbox spans two pages.
export const TX_PAGE_SIZE = 5;

/** ModelsLab's ledger `usecase` codes in words; an unknown code loses its underscores. */
const USECASE_WORDS: Readonly<Record<string, string>> = {
  wallet_funding: 'wallet top-up',
  api_usage: 'API usage',
  coupon: 'coupon credit',
  coupon_bonus: 'coupon bonus',
  subscription: 'subscription',
  auto_funding: 'auto-recharge',
  withdrawal: 'withdrawal',
  refund: 'refund',
};

export function usecaseWords(usecase: string): string {
  const code = usecase.trim().toLowerCase();
  return USECASE_WORDS[code] ?? code.replace(/[_-]+/g, ' ');
}

export function transactionLine(t: Transaction): string {
  const sign = t.type === 'credit' ? '+' : '−';
  return `${formatDate(t.createdAt)} · ${sign}${formatUsd(t.amountCents)} · ${usecaseWords(t.usecase || t.status)}`;
}

export function autoRechargeLine(auto: AutoFunding | undefined): string {
  if (!auto) return 'unknown (ModelsLab did not say)';
  if (!auto.enabled) return 'off';
  return `on: ${formatUsd(auto.amountCents ?? 0)} when the balance falls below ${formatUsd(auto.thresholdCents ?? 0)}`;
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

export function transactionsPage(filter: LedgerFilter, page: TransactionPage): Reply {
  const kind = filter === 'all' ? 'Transactions' : filter === 'credit' ? 'Credits' : 'Debits';
  const from = page.items.length ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  const buttons: Button[] = [];
  if (page.offset > 0) {
    const prev = Math.max(0, page.offset - page.limit);
    buttons.push({ kind: 'action', action: 'tx_page', value: txPageValue(filter, prev), label: 'Previous' });
  }
  if (to < page.total) {
    buttons.push({ kind: 'action', action: 'tx_page', value: txPageValue(filter, to), label: 'Next' });
  }
  return {
    title: `${kind} ${from}–${to} of ${page.total}`,
    text: page.items.length ? page.items.map(transactionLine).join('\n') : 'Nothing on this page.',
    buttons,
    ephemeral: true,
    tone: 'info',
  };
}
