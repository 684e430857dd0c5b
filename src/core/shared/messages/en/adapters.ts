/** What the platform adapters say themselves: Slack's Home guide, Discord's refusals and form errors, file DMs. */
export const adapters = {
  'adapters.home_title': 'ModelsLab billing',
  'adapters.home_intro': 'Pay for the team’s ModelsLab account from Slack, with an approver in the loop.',
  'adapters.home_fund': 'Ask for a wallet top-up',
  'adapters.home_subscribe': 'Subscribe the account to a plan',
  'adapters.home_balance': 'Balance and recent transactions',
  'adapters.home_help': 'Status, invoices, coupons, audit export',
  'adapters.home_sandbox': 'SANDBOX: payments go to the built-in simulator, no real money moves.',
  'adapters.home_unavailable': 'The Home tab could not be loaded just now. Open it again in a minute.',
  'adapters.discord_foreign_server': 'This bot does not serve this server.',
  'adapters.discord_not_mine': 'This button or command is not one of mine.',
  'adapters.discord_starting': 'The bot is starting up; try again in a moment.',
  'adapters.form_reopen': 'Open the form again',
  'adapters.form_errors_title': 'Nothing was saved',
  'adapters.form_errors_text': 'Please fix these and submit the form again:',
  'adapters.file_what': '{what, select, files {the files} csv {the CSV} chart {the chart} other {the file}}',
  'adapters.file_dm_closed': 'I cannot send you direct messages (open the app’s Messages tab or ask an admin)',
  'adapters.file_upload_failed': 'Slack did not take the upload',
  'adapters.file_not_sent': 'Could not send {what} to your DMs: {why}. Try again in a minute.',
  // `kind` (file or files) changes the Spanish verb; English says Sent either way.
  'adapters.file_sent': '{kind, select, other {Sent}} {what} to your DMs ({names}).',
  'adapters.web_missing_slash': 'Commands start with "/": try "{suggestion}".',
  'adapters.web_unknown_command': 'Unknown command "{command}". Try {examples}.',
  'adapters.web_form_gone': 'This form is no longer open. Run the command again to get a new one.',
  'adapters.web_form_check_failed': 'Something went wrong checking the form. Try again.',
  'adapters.install_done_title': 'mlbot is installed',
  'adapters.install_done_body':
    'Open Slack: the person who installed it gets a direct message with a Connect button. A workspace admin can also run <code>/ml connect</code>.',
  'adapters.install_failed_title': 'Installation did not complete',
  'adapters.install_state_body':
    'This install link expired or was opened in another browser. Start again from the Add to Slack page.',
  'adapters.install_failed_body': 'Slack did not finish the installation. Start again from the Add to Slack page.',
} as const;
