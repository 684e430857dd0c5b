/**
 * The spend report's figures, pure: from the tenant's requests (the receipts) and ModelsLab's
 * wallet ledger, for the window [fromMs, toMs). Nothing here rounds: every figure is a sum of
 * whole cents taken from the ledger, so a finance lead can tie each one back to a line of it.
 */
import { moneyMoved } from '../requests/queries.ts';
import { isOpen, type PaymentRequest } from '../requests/request.ts';
import type { Cents } from '../shared/money.ts';
import type { Transaction } from '../shared/ports.ts';
import type { UserRef } from '../shared/types.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface MemberSpend {
  readonly member: UserRef;
  readonly cents: Cents;
  readonly payments: number;
}

export interface BalancePoint {
  /** End of the UTC day (exclusive bound), or the window's end for the last point. */
  readonly atMs: number;
  readonly balanceCents: Cents;
}

export interface ReportFigures {
  readonly fromMs: number;
  readonly toMs: number;
  readonly days: number;
  /** Confirmed money (receipts) in the window, by payer; largest first, then by id. */
  readonly byMember: readonly MemberSpend[];
  readonly topUpsCents: Cents;
  readonly subscriptionsCents: Cents;
  readonly spentCents: Cents;
  /** ModelsLab's ledger in the window: debits with usecase api_usage, all credits. */
  readonly apiUsageCents: Cents;
  readonly otherDebitsCents: Cents;
  readonly creditsCents: Cents;
  readonly balanceNowCents: Cents;
  readonly balance: readonly BalancePoint[];
  /** Requests in an open state now (awaiting approval or payment), whatever their age. */
  readonly openCount: number;
  readonly openCents: Cents;
}

export interface FigureInput {
  readonly fromMs: number;
  readonly toMs: number;
  readonly days: number;
  /** Requests created since long enough before `fromMs` to hold every receipt of the window. */
  readonly requests: readonly PaymentRequest[];
  readonly openRequests: readonly PaymentRequest[];
  /** Every ledger line from `fromMs` on (more is fine: lines outside the window are ignored). */
  readonly transactions: readonly Transaction[];
  /** The balance at `toMs` (read just now). */
  readonly balanceNowCents: Cents;
}

const txTime = (t: Transaction) => Date.parse(t.createdAt);

export function reportFigures(input: FigureInput): ReportFigures {
  const { fromMs, toMs } = input;
  const members = new Map<string, { member: UserRef; cents: Cents; payments: number }>();
  let topUpsCents = 0;
  let subscriptionsCents = 0;
  for (const req of input.requests) {
    // One receipt per confirmed attempt or succeeded card charge: a second payment on one request
    // is money too (double).
    for (const { at, cents } of moneyMoved(req)) {
      if (at < fromMs || at >= toMs) continue;
      if (req.purpose === 'fund') topUpsCents += cents;
      else subscriptionsCents += cents;
      const key = `${req.payer.platform}:${req.payer.id}`;
      const row = members.get(key) ?? { member: req.payer, cents: 0, payments: 0 };
      row.cents += cents;
      row.payments += 1;
      members.set(key, row);
    }
  }
  const byMember = [...members.values()].sort((a, b) => b.cents - a.cents || a.member.id.localeCompare(b.member.id));

  let apiUsageCents = 0;
  let otherDebitsCents = 0;
  let creditsCents = 0;
  const inWindow = input.transactions.filter((t) => txTime(t) >= fromMs && txTime(t) < toMs);
  for (const t of inWindow) {
    if (t.type === 'credit') creditsCents += t.amountCents;
    else if (t.usecase === 'api_usage') apiUsageCents += t.amountCents;
    else otherDebitsCents += t.amountCents;
  }

  const open = input.openRequests.filter((r) => isOpen(r.state));
  return {
    fromMs,
    toMs,
    days: input.days,
    byMember,
    topUpsCents,
    subscriptionsCents,
    spentCents: topUpsCents + subscriptionsCents,
    apiUsageCents,
    otherDebitsCents,
    creditsCents,
    balanceNowCents: input.balanceNowCents,
    balance: balanceSeries(inWindow, input.balanceNowCents, fromMs, toMs),
    openCount: open.length,
    openCents: open.reduce((n, r) => n + (r.amountCents ?? 0), 0),
  };
}

/**
 * Balance at the end of each UTC day of the window. ModelsLab keeps no balance history, only the
 * current balance and the ledger, so the history is rebuilt backwards: the balance at the end of
 * a day is today's balance minus every credit after that moment plus every debit after it. The
 * lines used are exactly the window's, so the first point plus the window's net equals the last.
 */
export function balanceSeries(
  transactions: readonly Transaction[],
  balanceNowCents: Cents,
  fromMs: number,
  toMs: number,
): BalancePoint[] {
  const ends: number[] = [];
  for (let end = Math.floor(fromMs / DAY_MS) * DAY_MS + DAY_MS; end < toMs; end += DAY_MS) ends.push(end);
  ends.push(toMs);
  const newestFirst = [...transactions].sort((a, b) => txTime(b) - txTime(a));
  const points: BalancePoint[] = [];
  let balance = balanceNowCents;
  let i = 0;
  for (const end of ends.reverse()) {
    for (; i < newestFirst.length && txTime(newestFirst[i] as Transaction) >= end; i++) {
      const t = newestFirst[i] as Transaction;
      balance += t.type === 'credit' ? -t.amountCents : t.amountCents;
    }
    points.push({ atMs: end, balanceCents: balance });
  }
  return points.reverse();
}
