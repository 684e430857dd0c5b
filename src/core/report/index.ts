/** The spend report room: `/ml report [days]` and the weekly report to the alert channel. */
export { buildReport, type ReportDeps } from './build.ts';
export {
  type BalancePoint,
  balanceSeries,
  DAY_MS,
  type FigureInput,
  type MemberSpend,
  type ReportFigures,
  reportFigures,
} from './figures.ts';
export { LEDGER_PAGE_SIZE, loadReportInput, MAX_LEDGER_PAGES, RECEIPT_LOOKBACK_MS } from './load.ts';
export { parseReportDays, REPORT_DEFAULT_DAYS, REPORT_MAX_DAYS, reportCommand } from './report.ts';
export { balanceChart, chartAlt, memberChart, reportText } from './view.ts';
export {
  CATCH_UP_MS,
  RETRY_MS,
  WEEKLY_ARMED_KEY,
  WEEKLY_REPORT_DAYS,
  type WeeklyMark,
  type WeeklyReportDeps,
  WeeklyReportJob,
  type WeeklyReportOptions,
  type WeeklyResult,
  weeklyKey,
} from './weekly.ts';
export { lastSlot, nextSlot, WEEK_MS } from './weekly-slot.ts';
