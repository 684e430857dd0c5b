/** The home room: the App Home's balance, open requests and recent receipts. */
export const home = {
  'home.balance_title': 'Balance: {amount} {currency}',
  'home.balance_text': 'Top up with /ml-fund, details with /ml-balance.',
  'home.balance_unknown_title': 'Balance',
  'home.balance_unknown_text': 'ModelsLab is not answering right now; try again in a minute.',
  'home.open_title': 'Open requests ({count, number})',
  'home.open_line':
    '{id} · {purpose, select, fund {fund} subscribe {subscribe} other {{purpose}}} {what} · {status} · {who}',
  'home.open_none': 'No open requests.',
  'home.receipts_title': 'Recent receipts',
  'home.receipt_line': '{when} · {what} · {who} · {id}',
  'home.receipts_none': 'No payments yet.',
} as const;
