/**
 * The report as a Reply: every figure in the text (a chart is never the only place a number is:
 * screen readers, notifications, a platform that shows no images), plus the two chart specs.
 */

import type { ChartSpec } from '../shared/chart-port.ts';
import type { Texts } from '../shared/i18n.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import type { ReportFigures } from './figures.ts';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** "1 Dec": the day a balance point closes (the point at `atMs` is the balance when that day ended). */
const shortDay = (t: Texts, ms: number) => t.date(ms - 1).replace(/ \d{4}$/, '');

export function reportTitle(t: Texts, f: ReportFigures): string {
  return t.t('report.title', { days: f.days });
}

export function reportText(t: Texts, f: ReportFigures, truncated: boolean): string {
  const lines: string[] = [
    t.t('report.window', { from: t.date(f.fromMs), to: t.date(f.toMs) }),
    t.t('report.spent', {
      spent: t.money(f.spentCents),
      topUps: t.money(f.topUpsCents),
      subscriptions: t.money(f.subscriptionsCents),
    }),
  ];
  if (f.byMember.length === 0) lines.push(t.t('report.by_member_none'));
  else {
    lines.push(t.t('report.by_member'));
    for (const m of f.byMember)
      lines.push(
        t.t('report.member_line', { member: mentionUser(m.member.id), amount: t.money(m.cents), payments: m.payments }),
      );
  }
  const usage = { usage: t.money(f.apiUsageCents), credits: t.money(f.creditsCents) };
  lines.push(
    f.otherDebitsCents
      ? t.t('report.api_usage_other', { ...usage, other: t.money(f.otherDebitsCents) })
      : t.t('report.api_usage', usage),
  );
  const first = f.balance[0];
  const now = t.money(f.balanceNowCents);
  lines.push(
    first
      ? t.t('report.balance_from', { first: t.money(first.balanceCents), day: t.date(first.atMs - 1), now })
      : t.t('report.balance', { now }),
  );
  const points = f.balance.map((p) => `${shortDay(t, p.atMs)} ${t.money(p.balanceCents)}`).join(' · ');
  lines.push(t.t('report.balance_by_day', { points }));
  lines.push(
    f.openCount === 0
      ? t.t('report.open_none')
      : t.t('report.open', { count: f.openCount, amount: t.money(f.openCents) }),
  );
  if (truncated) lines.push(t.t('report.truncated'));
  return lines.join('\n');
}

export function balanceChart(t: Texts, f: ReportFigures): ChartSpec {
  return {
    kind: 'line',
    title: t.t('report.chart_balance', { days: f.days }),
    labels: f.balance.map((p) => shortDay(t, p.atMs)),
    values: f.balance.map((p) => p.balanceCents),
  };
}

export function memberChart(t: Texts, f: ReportFigures): ChartSpec {
  return {
    kind: 'bar',
    title: t.t('report.chart_members', { days: f.days }),
    labels: f.byMember.map((m) => m.member.name ?? m.member.id),
    values: f.byMember.map((m) => m.cents),
  };
}

/** A chart's alt text: its title and every point, so a screen reader gets what the image shows. */
export function chartAlt(t: Texts, spec: ChartSpec): string {
  const points = spec.labels.map((l, i) => `${l} ${t.money(spec.values[i] ?? 0)}`).join(', ');
  return t.t('report.chart_alt', { title: spec.title, points });
}

/** The chart files' names keep ISO dates (they sort). */
export function chartFilename(kind: 'balance' | 'members', f: ReportFigures): string {
  return `mlbot-report-${kind}-${isoDay(f.fromMs)}-${isoDay(f.toMs)}.png`;
}

export function reportReply(t: Texts, f: ReportFigures, truncated: boolean): Reply {
  return { title: reportTitle(t, f), text: reportText(t, f, truncated), tone: 'info' };
}
