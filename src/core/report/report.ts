/**
 * `/ml report [days]`: approvers get the spend report of the last N days (default 7, 1 to 90):
 * confirmed spend by member and by purpose, API usage against credits, the balance by day and the
 * open requests, with two charts. Approvers only, and privately: it names what each member paid.
 */
import { callBilling } from '../shared/billing-call.ts';
import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { buildReport } from './build.ts';

export const REPORT_DEFAULT_DAYS = 7;
export const REPORT_MAX_DAYS = 90;

/** The days asked for, or undefined when the text is not a whole number from 1 to 90. */
export function parseReportDays(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return REPORT_DEFAULT_DAYS;
  if (!/^\d{1,3}$/.test(t)) return undefined;
  const days = Number(t);
  return days >= 1 && days <= REPORT_MAX_DAYS ? days : undefined;
}

export const reportCommand: CommandSpec = {
  name: 'report',
  usage: '/ml report [days]',
  example: '/ml report 30',
  summary: `Approvers: spend by member and purpose, API usage, balance by day and open requests for the last ${REPORT_DEFAULT_DAYS} days (up to ${REPORT_MAX_DAYS}), with charts.`,
  audience: 'approvers',
  async run({ s, event, args, respond, t }) {
    if (!event.actor.isApprover) {
      await respond.reply(refusal(t.t('report.approvers_only')));
      return;
    }
    const days = parseReportDays(args);
    if (days === undefined) {
      await respond.reply(
        refusal(
          t.t('report.days_rule', { max: REPORT_MAX_DAYS, default: REPORT_DEFAULT_DAYS }),
          reportCommand,
          event.platform,
          t,
        ),
      );
      return;
    }
    const built = await callBilling(s, respond, 'build the spend report', () =>
      buildReport(
        { billing: s.billing, requests: s.requests, charts: s.charts, logger: s.logger },
        t,
        s.clock.now(),
        days,
      ),
    );
    if (built) await respond.reply({ ...built.reply, ephemeral: true });
  },
};
