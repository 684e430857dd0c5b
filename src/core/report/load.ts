/**
 * Reads what the report is made of: the tenant's requests (receipts, open ones), the balance and
 * the wallet ledger, newest first, a page at a time until the window is covered.
 *
 * Budget: ledger and balance reads go to ModelsLab's general limiter (120/min), not the billing
 * budget (BudgetedBilling passes reads straight through), so a report never takes a token from a
 * payment link. Still, at most MAX_LEDGER_PAGES pages of LEDGER_PAGE_SIZE are read; a window with
 * more lines than that is reported as incomplete rather than read without end.
 */
import { inTenant } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import type { Cents } from '../shared/money.ts';
import type { BillingPort, RequestStore, Transaction } from '../shared/ports.ts';
import type { TenantId } from '../shared/tenant.ts';
import { DAY_MS, type FigureInput } from './figures.ts';

export const LEDGER_PAGE_SIZE = 100;
export const MAX_LEDGER_PAGES = 10;
/**
 * Receipts are counted when confirmed, requests listed by creation: a request created up to this
 * long before the window (an approval left open, a checkout paid late) can hold a receipt in it.
 */
export const RECEIPT_LOOKBACK_MS = 30 * DAY_MS;

export interface LoadedLedger {
  readonly input: FigureInput;
  /** The ledger had more lines in the window than the pages read. */
  readonly truncated: boolean;
}

export async function loadReportInput(
  deps: { readonly billing: BillingPort; readonly requests: RequestStore; readonly tenant?: TenantId | undefined },
  window: { readonly fromMs: number; readonly toMs: number; readonly days: number },
): Promise<LoadedLedger> {
  const [requests, openRequests, balance] = await Promise.all([
    deps.requests.listSince(window.fromMs - RECEIPT_LOOKBACK_MS),
    deps.requests.listOpen(),
    deps.billing.getBalance(),
  ]);
  const { transactions, truncated } = await ledgerSince(deps.billing, window.fromMs);
  return {
    input: {
      ...window,
      // Defense in depth, as everywhere in core: a request stamped with another tenant is not ours.
      requests: requests.filter((r: PaymentRequest) => inTenant(r, deps.tenant)),
      openRequests: openRequests.filter((r) => inTenant(r, deps.tenant)),
      transactions,
      balanceNowCents: balance.balanceCents as Cents,
    },
    truncated,
  };
}

async function ledgerSince(
  billing: BillingPort,
  fromMs: number,
): Promise<{ transactions: Transaction[]; truncated: boolean }> {
  const transactions: Transaction[] = [];
  for (let page = 0; page < MAX_LEDGER_PAGES; page++) {
    const got = await billing.listTransactions({ limit: LEDGER_PAGE_SIZE, offset: page * LEDGER_PAGE_SIZE });
    transactions.push(...got.items);
    const oldest = got.items.at(-1);
    const done =
      got.items.length < LEDGER_PAGE_SIZE ||
      transactions.length >= got.total ||
      (oldest !== undefined && Date.parse(oldest.createdAt) < fromMs);
    if (done) return { transactions, truncated: false };
  }
  return { transactions, truncated: true };
}
