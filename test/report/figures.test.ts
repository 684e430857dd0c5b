/**
 * Every figure of the report matches the ledger: requests with receipts seeded in a real store,
 * ledger lines booked in the ModelsLab simulator (more than one page of them), read through the
 * real billing client; the expected figures are computed here from the seed, another way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport, parseReportDays, reportFigures } from '../../src/core/report/index.ts';
import { loadReportInput } from '../../src/core/report/load.ts';
import { textsFor } from '../../src/core/shared/i18n.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { ann, ben, cat, DAY, request, type SeedLine, simulatorWithLedger } from './seed.ts';

const en = textsFor(createMessageFormatter(), 'en');

let closeSim: (() => Promise<void>) | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  await closeSim?.();
  closeSim = undefined;
  stores = undefined;
});

/** Monday 30 Nov 2026, 15:00 UTC (the report is read "now"). */
const START = Date.UTC(2026, 10, 16, 10, 0);

async function seeded() {
  const now = START + 14 * DAY;
  const clock = new ManualClock(now);
  // Two weeks of ledger: a top-up every other day, API usage every 3 hours (112 lines: 2 pages).
  const lines: SeedLine[] = [];
  for (let h = 1; h <= 14 * 24; h += 3) {
    const createdAt = START + h * 60 * 60 * 1000;
    lines.push({ type: 'debit', amountCents: 37 + (h % 11), usecase: 'api_usage', createdAt });
    if (h % 48 === 1) lines.push({ type: 'credit', amountCents: 2500, usecase: 'wallet_funding', createdAt });
    if (h === 151) lines.push({ type: 'debit', amountCents: 1500, usecase: 'subscription', createdAt });
  }
  const sim = await simulatorWithLedger(clock, lines);
  closeSim = sim.close;
  stores = await createStores('memory://', { clock });
  const state = { ledger: sim.ledger, balanceCents: sim.balanceCents };
  const requests = [
    // In the 7-day window: ann tops up twice (one a double payment), ben subscribes, cat tops up.
    request({ payer: ann, amountCents: 2500, createdAt: now - 6 * DAY, paidAt: [now - 6 * DAY + 60_000] }),
    request({ payer: ann, amountCents: 1000, createdAt: now - 3 * DAY, paidAt: [now - 3 * DAY, now - 2 * DAY] }),
    request({ payer: ben, purpose: 'subscribe', amountCents: 1500, createdAt: now - 5 * DAY, paidAt: [now - 5 * DAY] }),
    // Created before the window, paid inside it (a late payment): counts.
    request({ payer: cat, amountCents: 4000, createdAt: now - 9 * DAY, paidAt: [now - DAY] }),
    // Paid before the window: not counted in 7 days, counted in 14.
    request({ payer: ben, amountCents: 9900, createdAt: now - 10 * DAY, paidAt: [now - 10 * DAY] }),
    // Open: awaiting approval and awaiting payment; a denied one is neither open nor spent.
    request({ payer: cat, amountCents: 700, createdAt: now - DAY }),
    request({ payer: ann, amountCents: 1200, createdAt: now - 2 * DAY, state: 'awaiting_payment' }),
    request({ payer: ben, amountCents: 5000, createdAt: now - 2 * DAY, state: 'denied' }),
  ];
  for (const r of requests) await stores.requests.put(r);
  return { clock, billing: sim.billing, stores, state, now, requests };
}

describe('the spend report figures', () => {
  it('match the seeded ledger exactly: spend by member and purpose, API usage, credits, balance by day, open requests', async () => {
    const { billing, stores: s, state, now, requests } = await seeded();
    const fromMs = now - 7 * DAY;
    const { input, truncated } = await loadReportInput(
      { billing, requests: s.requests },
      { fromMs, toMs: now, days: 7 },
    );
    expect(truncated).toBe(false);
    const f = reportFigures(input);

    // Receipts: one per confirmed attempt, by payer, within [from, now).
    const receipts = requests.flatMap((r) =>
      r.attempts
        .filter((a) => (a.confirmedAt ?? 0) >= fromMs && (a.confirmedAt ?? 0) < now)
        .map(() => ({ who: r.payer.id, cents: r.amountCents ?? 0, purpose: r.purpose })),
    );
    const sum = (xs: readonly { cents: number }[]) => xs.reduce((n, x) => n + x.cents, 0);
    expect(f.topUpsCents).toBe(sum(receipts.filter((r) => r.purpose === 'fund')));
    expect(f.topUpsCents).toBe(2500 + 1000 + 1000 + 4000);
    expect(f.subscriptionsCents).toBe(1500);
    expect(f.spentCents).toBe(10_000);
    expect(f.byMember.map((m) => [m.member.id, m.cents, m.payments])).toEqual([
      ['U-ann', 4500, 3],
      ['U-cat', 4000, 1],
      ['U-ben', 1500, 1],
    ]);

    // The simulator's own ledger, read directly (not through the API).
    const lines = state.ledger.filter((e) => e.createdAt >= fromMs && e.createdAt < now);
    const cents = (pred: (e: (typeof lines)[number]) => boolean) =>
      lines.filter(pred).reduce((n, e) => n + e.amountCents, 0);
    expect(lines.length).toBeGreaterThan(50);
    expect(f.apiUsageCents).toBe(cents((e) => e.type === 'debit' && e.usecase === 'api_usage'));
    expect(f.otherDebitsCents).toBe(cents((e) => e.type === 'debit' && e.usecase !== 'api_usage'));
    expect(f.creditsCents).toBe(cents((e) => e.type === 'credit'));
    expect(f.balanceNowCents).toBe(state.balanceCents);

    // Balance by day, forwards: the sum of every ledger line before each day's end (the seed
    // ledger adds up to its balance), against the report's backwards reconstruction.
    const forward = (atMs: number) =>
      state.ledger
        .filter((e) => e.createdAt < atMs)
        .reduce((n, e) => n + (e.type === 'credit' ? e.amountCents : -e.amountCents), 0);
    expect(forward(now + 1)).toBe(state.balanceCents);
    expect(f.balance).toHaveLength(8);
    for (const p of f.balance) expect(p.balanceCents).toBe(forward(p.atMs));
    expect(f.balance.at(-1)).toEqual({ atMs: now, balanceCents: state.balanceCents });

    expect(f.openCount).toBe(2);
    expect(f.openCents).toBe(1900);
  });

  it('widen with the days asked for, and the text lists every figure the charts show', async () => {
    const { billing, stores: s, now } = await seeded();
    const deps = { billing, requests: s.requests, logger: silentLogger };
    const { figures: f14, reply } = await buildReport(deps, en, now, 14);
    expect(f14.topUpsCents).toBe(2500 + 1000 + 1000 + 4000 + 9900);
    expect(f14.byMember.find((m) => m.member.id === 'U-ben')?.cents).toBe(1500 + 9900);
    expect(reply.text).toContain('Spent (confirmed payments): $199.00: top-ups $184.00, subscriptions $15.00.');
    expect(reply.text).toContain('⟦user:U-ben⟧: $114.00 (2 payments)');
    expect(reply.text).toContain('Open requests: 2, $19.00 in all');
    for (const p of f14.balance) expect(reply.text).toContain(`$${(p.balanceCents / 100).toFixed(2)}`);
    // No renderer on this bot: the figures alone, and it says why.
    expect(reply.attachments).toBeUndefined();
    expect(reply.context).toEqual(['Charts are off on this server (no chart font installed).']);
  });
});

describe('isolation', () => {
  it('leaves out a request stamped with another tenant, even in this tenant’s store', async () => {
    const { billing, stores: s, now } = await seeded();
    const foreign = request({ payer: ann, amountCents: 7777, createdAt: now - DAY, paidAt: [now - DAY] });
    await s.requests.put({ ...foreign, tenantId: 'slack:T-OTHER' });
    await s.requests.put({
      ...request({ payer: ann, amountCents: 300, createdAt: now - DAY }),
      tenantId: 'slack:T-OTHER',
    });
    const mine = await buildReport(
      { billing, requests: s.requests, logger: silentLogger, tenant: 'slack:T-MINE' },
      en,
      now,
      7,
    );
    expect(mine.figures.spentCents).toBe(10_000);
    expect(mine.figures.openCount).toBe(2);
    expect(mine.reply.text).not.toContain('77.77');
  });
});

describe('/ml report [days]', () => {
  it('takes 1 to 90 whole days, 7 by default', () => {
    expect(parseReportDays('')).toBe(7);
    expect(parseReportDays(' 30 ')).toBe(30);
    expect(parseReportDays('1')).toBe(1);
    expect(parseReportDays('90')).toBe(90);
    for (const bad of ['0', '91', '-3', '7.5', 'week', '1e2', '007x']) expect(parseReportDays(bad)).toBeUndefined();
  });
});
