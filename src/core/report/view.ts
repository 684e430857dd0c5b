/**
 * The report as a Reply: every figure in the text (a chart is never the only place a number is:
 * screen readers, notifications, a platform that shows no images), plus the two chart specs.
 */
import { formatDate } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import type { ChartSpec } from '../shared/ports.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import type { ReportFigures } from './figures.ts';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** "1 Dec": the day a balance point closes (the point at `atMs` is the balance when that day ended). */
const shortDay = (ms: number) => formatDate(ms - 1).replace(/ \d{4}$/, '');

export function reportTitle(f: ReportFigures): string {
  return `Spend report, last ${f.days} day${f.days === 1 ? '' : 's'}`;
}

export function reportText(f: ReportFigures, truncated: boolean): string {
  const lines: string[] = [
    `${formatDate(f.fromMs)} to ${formatDate(f.toMs)} (UTC).`,
    `Spent (confirmed payments): ${formatUsd(f.spentCents)}: top-ups ${formatUsd(f.topUpsCents)}, subscriptions ${formatUsd(f.subscriptionsCents)}.`,
  ];
  if (f.byMember.length === 0) lines.push('By member: no confirmed payments.');
  else {
    lines.push('By member:');
    for (const m of f.byMember)
      lines.push(
        `• ${mentionUser(m.member.id)}: ${formatUsd(m.cents)} (${m.payments} payment${m.payments === 1 ? '' : 's'})`,
      );
  }
  lines.push(
    `API usage: ${formatUsd(f.apiUsageCents)} against ${formatUsd(f.creditsCents)} credited (top-ups, coupons, refunds)${f.otherDebitsCents ? `; other debits ${formatUsd(f.otherDebitsCents)}` : ''}.`,
  );
  const first = f.balance[0];
  lines.push(
    `Balance: ${first ? `${formatUsd(first.balanceCents)} at the end of ${formatDate(first.atMs - 1)}, ` : ''}${formatUsd(f.balanceNowCents)} now.`,
  );
  lines.push(`Balance by day: ${f.balance.map((p) => `${shortDay(p.atMs)} ${formatUsd(p.balanceCents)}`).join(' · ')}`);
  lines.push(
    f.openCount === 0
      ? 'Open requests: none.'
      : `Open requests: ${f.openCount}, ${formatUsd(f.openCents)} in all (/ml status lists them).`,
  );
  if (truncated)
    lines.push('The ledger had more lines than one report reads: API usage and the balance history are incomplete.');
  return lines.join('\n');
}

export function balanceChart(f: ReportFigures): ChartSpec {
  return {
    kind: 'line',
    title: `Balance, last ${f.days} days (end of day, UTC)`,
    labels: f.balance.map((p) => shortDay(p.atMs)),
    values: f.balance.map((p) => p.balanceCents),
  };
}

export function memberChart(f: ReportFigures): ChartSpec {
  return {
    kind: 'bar',
    title: `Confirmed spend by member, last ${f.days} days`,
    labels: f.byMember.map((m) => m.member.name ?? m.member.id),
    values: f.byMember.map((m) => m.cents),
  };
}

/** The chart files' names keep ISO dates (they sort). */
export function chartFilename(kind: 'balance' | 'members', f: ReportFigures): string {
  return `mlbot-report-${kind}-${isoDay(f.fromMs)}-${isoDay(f.toMs)}.png`;
}

export function reportReply(f: ReportFigures, truncated: boolean): Reply {
  return { title: reportTitle(f), text: reportText(f, truncated), tone: 'info' };
}
