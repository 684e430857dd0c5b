/**
 * The Discord slash commands' descriptions (adapters/discord/commands.ts registers them with
 * `description_localizations`). Discord caps each at 100 characters, in every language.
 */
export const discordCommands = {
  'discordCommands.fund': 'Ask to top up the shared ModelsLab wallet (an approver confirms)',
  'discordCommands.fund_amount': 'Amount in US dollars ({min} to {max}); leave it out for a form',
  'discordCommands.fund_note': 'What the money is for',
  'discordCommands.subscribe': 'Subscribe the shared ModelsLab account to a plan',
  'discordCommands.subscribe_plan': 'Plan name or id (leave empty to see the plans)',
  'discordCommands.balance': 'Show the ModelsLab wallet balance and recent transactions',
  'discordCommands.balance_public': 'Post it in the channel instead of only to you',
  'discordCommands.ml':
    'More: help, status, transactions, invoices, coupon, autorecharge, cards, billing, audit, report…',
  'discordCommands.ml_command':
    'help, status, transactions, invoices, coupon CODE, autorecharge, cards, billing, audit, panel…',
} as const;
