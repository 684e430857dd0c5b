/**
 * Money spent: what ModelsLab confirmed (the receipts), never what was asked for. A request that
 * is open, denied or never paid moved no money; a double payment moved it twice. Budgets and the
 * spend report count this, so they match the ledger a finance lead reconciles against.
 */
import type { Cents } from '../shared/money.ts';
import type { RequestStore } from '../shared/ports.ts';
import { moneyMoved } from './queries.ts';
import type { PaymentRequest } from './request.ts';

export interface SpendWindow {
  /** Inclusive, epoch ms. */
  readonly fromMs: number;
  /** Exclusive, epoch ms. */
  readonly toMs: number;
}

/** The UTC calendar month holding `nowMs`: budgets reset at 00:00 UTC on the 1st. */
export function monthWindow(nowMs: number): SpendWindow {
  const d = new Date(nowMs);
  const fromMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const toMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { fromMs, toMs };
}

export interface SpendQuery extends SpendWindow {
  /** Only this member's requests (the requester's platform user id); unset: everyone's. */
  readonly memberId?: string;
}

/**
 * Confirmed money in the window: each confirmed attempt counts the request's amount once, on the
 * day ModelsLab confirmed it (a request opened last month and paid this month is this month's),
 * and so does each succeeded card-on-file charge, on the day it succeeded.
 */
export function spentBetween(requests: readonly PaymentRequest[], query: SpendQuery): Cents {
  let total = 0;
  for (const r of requests) {
    if (query.memberId !== undefined && r.requester.id !== query.memberId) continue;
    for (const m of moneyMoved(r)) if (m.at >= query.fromMs && m.at < query.toMs) total += m.cents;
  }
  return total;
}

/**
 * How far before the window a request paid inside it may have been created: the longest approval
 * wait (14 days) plus renewed links. The store lists by creation time, so the read starts earlier.
 */
export const CREATED_BEFORE_PAID_MS = 45 * 24 * 3_600_000;

/** The requests that may hold payments confirmed inside `window`, read from the tenant's store. */
export function requestsForWindow(requests: RequestStore, window: SpendWindow): Promise<PaymentRequest[]> {
  return requests.listSince(window.fromMs - CREATED_BEFORE_PAID_MS);
}
