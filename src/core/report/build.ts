/**
 * One report, loaded, computed and drawn: what `/ml report` answers and the weekly job posts.
 * Charts that fail to draw leave the report intact (its text holds every figure) with a line
 * saying so; a billing failure is the caller's (a person is told, the weekly job retries).
 */

import type { ChartRenderer, ChartSpec } from '../shared/chart-port.ts';
import type { Texts } from '../shared/i18n.ts';
import type { BillingPort, Logger, RequestStore } from '../shared/ports.ts';
import type { ImageAttachment, Reply } from '../shared/reply.ts';
import type { TenantId } from '../shared/tenant.ts';
import { DAY_MS, type ReportFigures, reportFigures } from './figures.ts';
import { loadReportInput } from './load.ts';
import { balanceChart, chartAlt, chartFilename, memberChart, reportReply } from './view.ts';

export interface ReportDeps {
  readonly billing: BillingPort;
  readonly requests: RequestStore;
  readonly charts?: ChartRenderer | undefined;
  readonly logger: Logger;
  readonly tenant?: TenantId | undefined;
}

export async function buildReport(
  deps: ReportDeps,
  t: Texts,
  nowMs: number,
  days: number,
): Promise<{ reply: Reply; figures: ReportFigures }> {
  const window = { fromMs: nowMs - days * DAY_MS, toMs: nowMs, days };
  const { input, truncated } = await loadReportInput(deps, window);
  const figures = reportFigures(input);
  const reply = reportReply(t, figures, truncated);
  if (!deps.charts) return { reply: { ...reply, context: [t.t('report.charts_off')] }, figures };
  try {
    const attachments: ImageAttachment[] = [
      await image(t, deps.charts, balanceChart(t, figures), chartFilename('balance', figures)),
    ];
    if (figures.byMember.length > 0)
      attachments.push(await image(t, deps.charts, memberChart(t, figures), chartFilename('members', figures)));
    return { reply: { ...reply, attachments }, figures };
  } catch (err) {
    deps.logger.warn({ err }, 'report charts could not be drawn; sending the figures alone');
    return {
      reply: { ...reply, context: [t.t('report.charts_failed')] },
      figures,
    };
  }
}

async function image(t: Texts, charts: ChartRenderer, spec: ChartSpec, filename: string): Promise<ImageAttachment> {
  const content = await charts.renderPng(spec);
  return { filename, contentType: 'image/png', content, alt: chartAlt(t, spec) };
}
