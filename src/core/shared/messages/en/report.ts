/** The spend report: `/ml report` and the weekly report, its text, chart titles and alt texts. */
export const report = {
  'report.approvers_only': 'Only approvers can see the spend report.',
  'report.days_rule': 'Give a whole number of days from 1 to {max} (default {default}).',
  'report.title': 'Spend report, last {days, plural, one {# day} other {# days}}',
  'report.window': '{from} to {to} (UTC).',
  'report.spent': 'Spent (confirmed payments): {spent}: top-ups {topUps}, subscriptions {subscriptions}.',
  'report.by_member_none': 'By member: no confirmed payments.',
  'report.by_member': 'By member:',
  'report.member_line': '• {member}: {amount} ({payments, plural, one {# payment} other {# payments}})',
  'report.api_usage': 'API usage: {usage} against {credits} credited (top-ups, coupons, refunds).',
  'report.api_usage_other':
    'API usage: {usage} against {credits} credited (top-ups, coupons, refunds); other debits {other}.',
  'report.balance': 'Balance: {now} now.',
  'report.balance_from': 'Balance: {first} at the end of {day}, {now} now.',
  'report.balance_by_day': 'Balance by day: {points}',
  'report.open_none': 'Open requests: none.',
  'report.open': 'Open requests: {count, number}, {amount} in all (/ml status lists them).',
  'report.truncated':
    'The ledger had more lines than one report reads: API usage and the balance history are incomplete.',
  'report.chart_balance': 'Balance, last {days} days (end of day, UTC)',
  'report.chart_members': 'Confirmed spend by member, last {days} days',
  'report.chart_alt': '{title}: {points}',
  'report.charts_off': 'Charts are off on this server (no chart font installed).',
  'report.charts_failed': 'The charts could not be drawn this time; every figure is above.',
  'report.weekly_context': 'Weekly report (Mondays 09:00 UTC).',
} as const;
