/**
 * `/ml help`: the list's frame, who may use a command, and one summary per command (keyed by the
 * command's name; admin/help.ts maps names to these keys).
 */
export const help = {
  'help.title': 'mlbot commands',
  'help.intro': 'Pay for the team ModelsLab account from chat, with an approver in the loop.',
  'help.intro_discord':
    'Pay for the team ModelsLab account from chat, with an approver in the loop. For /ml commands, type what follows /ml in its "command" option.',
  'help.who_approvers': ' (approvers)',
  'help.who_admins': ' (admins)',
  'help.who_admins_discord': ' (server admins: Manage Server)',
  'help.entry': '{summary} e.g. {example}',
  'help.summary.fund': 'Ask for a top-up of the ModelsLab wallet (approvers approve, you pay by DM link).',
  'help.summary.subscribe': 'Subscribe the account to a plan; without a plan, shows the plans as buttons.',
  'help.summary.balance':
    'Wallet balance, auto-recharge and the last 5 transactions (add "public" to show it to the channel).',
  'help.summary.status':
    'Open and recently failed requests with the buttons you may use (Approve, Deny, Cancel, Try again), and subscriptions (approvers: Pause, Resume, Change plan).',
  'help.summary.transactions': 'The wallet ledger, {count, number} at a time, with Next and Previous buttons.',
  'help.summary.invoices': 'The latest {count, number} invoices (number, date, amount, status) with their PDFs.',
  'help.summary.coupon': 'Check a coupon; Redeem credits the wallet (approvers at once, others after an approval).',
  'help.summary.autorecharge':
    'View auto-recharge; approvers set it (at least {amount}, threshold at least {threshold}) or turn it off.',
  'help.summary.cards': 'Saved cards: brand, last four, expiry, default; approvers set the default, remove or add one.',
  'help.summary.billing': "The account's billing details (name, email, address, tax id); approvers edit them.",
  'help.summary.cancel': 'Cancel a request (requester or approver).',
  'help.summary.deny': 'Approvers: deny a request, optionally with a reason; the requester is told by DM.',
  'help.summary.audit': 'Approvers: every request and transition of the last {days} days (up to {max}) as a CSV file.',
  'help.summary.report':
    'Approvers: spend by member and purpose, API usage, balance by day and open requests for the last {days} days (up to {max}), with charts.',
  'help.summary.panel': 'Admins: post a lasting subscribe panel with one button per plan in this channel.',
  'help.summary.connect': 'Connect the ModelsLab account this workspace pays into (a form for its agent access token).',
  'help.summary.disconnect': 'Disconnect the ModelsLab account (asks to confirm; links already sent stay payable).',
  'help.summary.settings': 'See and change approvers, thresholds, limits and balance alerts.',
  'help.summary.help': 'This list.',
} as const;
