/** The workspace room: connect, disconnect, settings (summary, forms, rules) and the router's answers. */
export const workspace = {
  // Who may administer, in each platform's words.
  'workspace.admins_slack': 'workspace admins or the person who installed the app',
  'workspace.admins_discord': 'members with Manage Server',
  'workspace.admins_web': 'admins of this workspace',
  'workspace.admin_rule':
    'Only {admins} can connect ModelsLab, disconnect it or change the settings. Nothing was changed.',

  // Not connected, unknown workspace.
  'workspace.not_connected_rule': 'A ModelsLab account must be connected first',
  'workspace.connect_rule': 'A ModelsLab account must be connected first: {admins} can run /ml connect.',
  'workspace.connect_button': 'Connect ModelsLab',
  'workspace.not_connected_reply': 'This workspace has no ModelsLab account connected yet, so nothing was done. {rule}',
  'workspace.not_connected_home_title': 'mlbot is not connected yet',
  'workspace.not_connected_home_text': '{rule} Until then nobody can fund or subscribe from here.',
  'workspace.help_not_connected': '{help} This workspace has no ModelsLab account connected yet: {rule}.',
  'workspace.unknown_tenant_reply':
    "I can't tell which workspace this belongs to, so nothing was done. Use the command in a channel of your workspace or server.",
  'workspace.unknown_tenant_home': "I can't tell which workspace this Home belongs to. Open it from your workspace.",

  // The installer's welcome DM.
  'workspace.welcome_title': 'Thanks for installing mlbot',
  'workspace.welcome_text':
    'mlbot lets your team top up and subscribe to your ModelsLab account from chat: a member asks (/ml-fund 50), an approver approves, and the payer gets a payment link by DM. First, an admin must connect a ModelsLab account: click Connect ModelsLab or run /ml connect ({admins}). Then /ml settings chooses the approvers, the approval threshold, the largest request and the balance alerts.',
  'workspace.welcome_sandbox': 'Sandbox: connect with any token sandbox-<name>; payments are simulated.',

  // Connect.
  'workspace.connect_title': 'Connect ModelsLab',
  'workspace.connect_submit': 'Connect',
  'workspace.connect_intro_replacing':
    'A ModelsLab account is connected already: a new token replaces it for this workspace.',
  'workspace.connect_intro':
    'Connect the ModelsLab account this workspace pays into. Members can then fund and subscribe from chat.',
  'workspace.connect_token_label': 'ModelsLab agent access token',
  'workspace.connect_token_hint_sandbox':
    'Sandbox: any token sandbox-<name> is its own simulated account, e.g. sandbox-acme.',
  'workspace.connect_token_hint':
    'Create an agent access token in your ModelsLab dashboard and paste it here. It is stored encrypted and never shown again.',
  'workspace.token_empty': 'Paste the ModelsLab agent access token.',
  'workspace.token_spaces': 'A token has no spaces or line breaks: paste it exactly as ModelsLab shows it.',
  'workspace.token_too_long': 'A token is at most {max} characters.',
  'workspace.token_ascii': 'A token holds only printable ASCII characters: paste it exactly as ModelsLab shows it.',
  'workspace.operator_sandbox':
    'This bot runs in sandbox mode: it uses the built-in simulator, so there is no ModelsLab account to connect or disconnect (payments are simulated).',
  'workspace.operator_account':
    "This bot's ModelsLab account is set by its operator (MODELSLAB_TOKEN), so there is nothing to connect or disconnect in chat.",
  'workspace.form_expired': 'I could not open the form in time (the click or command expired). Run {command} again.',
  'workspace.token_rejected':
    'ModelsLab refused that token (wrong, expired or revoked), so nothing was stored. Check it in your ModelsLab dashboard and run /ml connect again.',
  'workspace.token_unavailable': 'ModelsLab did not answer, so nothing was stored. Try /ml connect again in a minute.',
  'workspace.nothing_stored': '{rule} Nothing was stored.',
  'workspace.store_failed': 'I could not store the account just now (ref: {ref}). Run /ml connect again.',
  'workspace.connected':
    'Connected. Balance: {balance}. Members can now use /ml-fund and /ml-subscribe; run /ml settings to choose the approvers and limits.',

  // Disconnect.
  'workspace.links_stay':
    'Payment links already sent stay payable until they expire: a payment on one is still confirmed, credited to that ModelsLab account and receipted here. The token is kept, sealed, only for those checks, and deleted once the last link can no longer be paid.',
  'workspace.disconnect_none':
    'No ModelsLab account is connected to this workspace, so there is nothing to disconnect.',
  'workspace.disconnect_title': 'Disconnect ModelsLab?',
  'workspace.disconnect_ask': 'Members cannot fund or subscribe until an admin runs /ml connect again. {links}',
  'workspace.disconnect_button': 'Disconnect',
  'workspace.never_mind': 'Never mind',
  'workspace.disconnected': 'Disconnected: members cannot fund or subscribe until an admin runs /ml connect. {links}',
  'workspace.disconnect_nothing': 'No ModelsLab account was connected, so nothing changed.',

  // The settings summary.
  'workspace.settings_title': 'Workspace settings',
  'workspace.settings_intro':
    'The settings of this workspace. Each change is audited with who made it, before and after.',
  'workspace.settings_from_env':
    "This bot's settings come from its environment (APPROVAL_THRESHOLD_USD, MAX_FUND_USD, …): its operator changes them.",
  'workspace.value_and_rule': '{value}. {rule}',
  'workspace.change': '{before} → {after}',
  'workspace.yes': 'yes',
  'workspace.no': 'no',
  'workspace.none': 'none',
  'workspace.off': 'off',
  'workspace.below': 'below {amount}',
  'workspace.from': 'from {amount}',
  'workspace.after': 'after {hours}',
  'workspace.hours': '{count, plural, other {# hours}}',
  'workspace.per_minute': '{rate} per minute',
  'workspace.label_approvers': 'Approvers',
  'workspace.rule_approvers_discord':
    'Members with these roles approve or deny requests; with none, members with Manage Server do.',
  'workspace.rule_approvers_slack': 'These people and user groups approve or deny requests.',
  'workspace.rule_approvers_web': 'These people approve or deny requests.',
  'workspace.label_threshold': 'Approval threshold',
  'workspace.rule_threshold': 'Requests at or above this need an approver; $0.00 means every request does.',
  'workspace.label_self_approval': 'Self-approval',
  'workspace.rule_self_approval': 'Whether an approver may approve their own request.',
  'workspace.label_expiry': 'Approval expiry',
  'workspace.rule_expiry': 'An unanswered request expires after this long ({min} to {max} hours).',
  'workspace.label_max_fund': 'Largest request',
  'workspace.rule_max_fund': 'The most one request may ask for ({min} to {max}).',
  'workspace.label_requests': 'Requests per member',
  'workspace.rule_requests': 'New requests one member may open each minute ({min, number} to {max, number}).',
  'workspace.label_alert_channel': 'Alert channel',
  'workspace.rule_alert_channel': 'Low-balance alerts are posted here.',
  'workspace.label_low_balance': 'Low-balance alert',
  'workspace.rule_low_balance':
    'An alert is posted in the alert channel when the balance falls below this; empty turns it off.',
  'workspace.label_second': 'Second approval',
  'workspace.rule_second':
    'Requests at or above this need two different approvers (the requester never counts); at or above the approval threshold.',
  'workspace.label_member_budget': 'Member monthly budget',
  'workspace.rule_member_budget':
    'Confirmed payments per member per calendar month (UTC); a request over it needs an approver even under the threshold.',
  'workspace.label_workspace_budget': 'Workspace monthly budget',
  'workspace.rule_workspace_budget':
    'Confirmed payments of the whole workspace per calendar month (UTC); a request over it needs an approver.',
  'workspace.label_reminder': 'Reminder',
  'workspace.rule_reminder': 'One reminder to the approvers in the card thread; before the approval expiry.',
  'workspace.label_escalation': 'Escalation',
  'workspace.rule_escalation':
    'Then the fallback approvers may decide too; after the reminder, before the approval expiry.',
  'workspace.label_fallback': 'Fallback approvers',
  'workspace.rule_fallback_discord': 'Members with these roles may decide an escalated request.',
  'workspace.rule_fallback_people': 'These people (and user groups) may decide an escalated request.',
  'workspace.label_language': 'Language',
  'workspace.language_default': 'English (default)',
  'workspace.rule_language':
    'Channel posts, and answers to people whose app gives no language, use this: {choices}. A new Discord server starts in its own language.',
  'workspace.language_choice': '{code} ({name})',
  'workspace.language_name_en': 'English',
  'workspace.language_name_es': 'Español',
  'workspace.edit_approvals': 'Edit approvals',
  'workspace.edit_limits': 'Edit limits',
  'workspace.edit_alerts': 'Edit alerts',
  'workspace.edit_spending': 'Edit spending',
  'workspace.edit_escalation': 'Edit escalation',
  'workspace.edit_language': 'Edit language',

  // Settings: the forms.
  'workspace.form_title_approvals': 'Approval settings',
  'workspace.form_title_limits': 'Request limits',
  'workspace.form_title_alerts': 'Balance alerts',
  'workspace.form_title_spending': 'Spending controls',
  'workspace.form_title_escalation': 'Reminders, escalation',
  'workspace.form_title_language': 'Workspace language',
  'workspace.form_save': 'Save',
  'workspace.form_intro': 'Changes apply from the next request and are audited with who made them, before and after.',
  'workspace.field_approver_users': 'Approvers (people)',
  'workspace.hint_approver_users': 'People who approve or deny requests.',
  'workspace.field_approver_groups': 'Approvers (user groups)',
  'workspace.hint_groups': 'User-group ids like S0123ABCD, separated by spaces.',
  'workspace.field_approver_roles': 'Approver roles',
  'workspace.hint_approver_roles':
    'Role ids or @role mentions, separated by spaces. Empty: members with Manage Server approve.',
  'workspace.field_approvers': 'Approvers',
  'workspace.hint_people': 'People ids, separated by spaces.',
  'workspace.field_fallback_users': 'Fallback approvers (people)',
  'workspace.hint_fallback_users': 'Who may decide once a request escalated.',
  'workspace.field_fallback_groups': 'Fallback approvers (groups)',
  'workspace.field_fallback_roles': 'Fallback approver roles',
  'workspace.hint_fallback_roles': 'Role ids or @role mentions: who may decide once a request escalated.',
  'workspace.field_fallback': 'Fallback approvers',
  'workspace.field_threshold': 'Approval threshold (USD)',
  'workspace.hint_threshold': 'Requests at or above this need an approver; 0 means every request does.',
  'workspace.field_self_approval': 'Allow self-approval',
  'workspace.hint_self_approval': 'yes or no: may an approver approve their own request?',
  'workspace.field_expiry': 'Approval expiry (hours)',
  'workspace.hint_whole': 'A whole number from {min} to {max}.',
  'workspace.field_max_fund': 'Largest request (USD)',
  'workspace.hint_max_fund': 'From {min} to {max}.',
  'workspace.field_requests': 'Requests per member per minute',
  'workspace.field_alert_channel': 'Alert channel',
  'workspace.hint_alert_channel': 'Where low-balance alerts are posted. Empty: nowhere.',
  'workspace.field_low_balance': 'Low-balance threshold (USD)',
  'workspace.hint_low_balance': 'Alert when the balance falls below this. Empty: off.',
  'workspace.field_second': 'Second approval from (USD)',
  'workspace.hint_second': 'Requests at or above this need two different approvers (never the requester). Empty: one.',
  'workspace.field_member_budget': 'Monthly budget per member (USD)',
  'workspace.hint_member_budget':
    'Paid per member per UTC month; over it needs an approver. At least {min}; empty: none.',
  'workspace.field_workspace_budget': 'Monthly budget, workspace (USD)',
  'workspace.hint_workspace_budget':
    'Confirmed payments of everyone per calendar month (UTC). At least {min}; empty: none.',
  'workspace.field_reminder': 'Reminder after (hours)',
  'workspace.hint_reminder': 'One reminder to the approvers in the card thread. Before the expiry; empty: none.',
  'workspace.field_escalate': 'Escalate after (hours)',
  'workspace.hint_escalate':
    'Then the fallback approvers may decide. After the reminder, before the expiry; empty: never.',
  'workspace.field_language': 'Language',
  'workspace.hint_language': "One of: {choices}. Empty: the bot's default.",

  // Settings: saving.
  'workspace.settings_no_section': 'That settings section does not exist; run /ml settings.',
  'workspace.settings_not_saved': 'Nothing was saved: {rules}',
  'workspace.settings_unchanged': 'Nothing changed.',
  'workspace.settings_saved_title': 'Settings saved',
  'workspace.settings_saved_text': 'They apply from the next request.',

  // Settings: the rules a value must follow (config.ts states them in English for the environment).
  'workspace.the_threshold': 'The approval threshold',
  'workspace.the_max_fund': 'The largest request',
  'workspace.the_second': 'The second-approval threshold',
  'workspace.the_member_budget': 'The monthly budget per member',
  'workspace.the_workspace_budget': 'The monthly budget of the workspace',
  'workspace.the_low_balance': 'The low-balance threshold',
  'workspace.rule_got': '{rule} (got {got}).',
  'workspace.rule_usd': '{label} must be a dollar amount like 50 or 49.99 (got {got}).',
  'workspace.rule_max_fund_min': "{label} must be at least {min}, ModelsLab's minimum top-up (got {got}).",
  'workspace.rule_max_fund_max': "{label} must be at most {max}, ModelsLab's largest top-up (got {got}).",
  'workspace.rule_whole': '{label} must be a whole number from {min, number} to {max, number} (got {got}).',
  'workspace.rule_yes_no': '{label} must be yes or no (got {got}).',
  'workspace.rule_language_value': 'The language must be one of {choices}, or empty for the default (got {got}).',
  'workspace.approver_rule_slack_users':
    'Approvers are Slack people: user ids like U0123ABCD or W0123ABCD, or @mentions',
  'workspace.approver_rule_web_users': 'Approvers are people ids like web-avery',
  'workspace.approver_rule_slack_groups': 'Approver groups are Slack user-group ids like S0123ABCD',
  'workspace.approver_rule_discord_roles':
    'Approver roles are Discord role ids (17 to 20 digits, Developer Mode → Copy Role ID) or role mentions',
  'workspace.approver_kind_unknown': '{kind} cannot name approvers on {platform}.',
  'workspace.rule_max_approvers': 'At most {max} approvers per list (got {got}).',
  'workspace.channel_rule_slack':
    'The alert channel must be a Slack channel id like C0123ABCD (or G… for a private one) or a #channel link',
  'workspace.channel_rule_discord':
    'The alert channel must be a Discord channel id (17 to 20 digits) or a #channel mention',
  'workspace.channel_rule_web': 'The alert channel must be a channel id like ml-billing',
  'workspace.channel_one_only': '{rule}: one channel only.',
  'workspace.rule_low_balance_channel':
    'A low-balance threshold needs an alert channel to post in: set the channel, or leave the threshold empty (alerts off).',
  'workspace.rule_second_min':
    "The second-approval threshold must be at least {min}, ModelsLab's minimum top-up, or empty (one approver is enough) (got {got}).",
  'workspace.rule_second_above':
    'The second-approval threshold ({second}) must be at or above the approval threshold ({threshold}): larger requests need more approvers, not fewer.',
  'workspace.rule_budget_min':
    "{label} must be at least {min}, ModelsLab's minimum top-up, or empty (no budget) (got {got}).",
  'workspace.rule_reminder_before': 'The reminder (after {reminder}) must come before the approval expiry ({ttl}).',
  'workspace.rule_escalate_before': 'The escalation (after {escalate}) must come before the approval expiry ({ttl}).',
  'workspace.rule_escalate_after': 'The escalation (after {escalate}) must come after the reminder (after {reminder}).',
} as const;
