/**
 * The saved cards: /ml cards, Make default / Remove behind a confirm step, Add a card (the DM'd
 * one-use link) and the add-card page's texts. Brands are Stripe's names (`visa`), shown as given.
 */
export const cards = {
  'cards.card': '{brand} ••{last4}',
  'cards.title': 'Saved cards',
  'cards.none': 'The account has no saved card.',
  'cards.line': '{card} · expires {expiry}{marks}',
  'cards.mark_default': ' · default',
  'cards.mark_expired': ' · expired',
  'cards.approvers_manage': 'Approvers can make a card the default, remove one or add one.',
  'cards.approver_hint': 'Charges on file use the default card. Add a card sends you a private link.',
  'cards.make_default_button': 'Make default {card}',
  'cards.remove_button': 'Remove {card}',
  'cards.add_button': 'Add a card',
  'cards.confirm_title': 'Please confirm',
  'cards.confirm_default': 'Make {card} the default card? Charges on file will use it.',
  'cards.confirm_remove': 'Remove {card}? It can no longer be charged from chat.',
  'cards.confirm_remove_default':
    'Remove {card}? It is the default card: ModelsLab makes another saved card the default, if there is one, and charges on file use that one.',
  'cards.confirm_button': 'Confirm',
  'cards.never_mind': 'Never mind',
  'cards.manage_rule': 'Only approvers can change the saved cards.',
  'cards.add_rule': 'Only approvers can add a card.',
  'cards.button_broken': 'That button is broken. /ml cards shows the cards again.',
  'cards.step_expired': 'This confirm step has expired. Nothing changed. /ml cards shows the cards again.',
  'cards.card_gone': 'That card is no longer saved on the account. Nothing changed.',
  'cards.already_default': '{card} is already the default card. Nothing changed.',
  'cards.confirm_busy': 'That is being confirmed right now; it is not done twice.',
  'cards.already_confirmed': 'That was already confirmed; it is not done twice.',
  'cards.done_default': 'Done: {card} is the default card now.',
  'cards.done_remove': 'Done: {card} removed.',
  'cards.new_default': '{card} is the default card now.',
  'cards.no_default': 'No saved card is the default now.',
  'cards.what_list': 'list the saved cards',
  'cards.what_default': 'set the default card',
  'cards.what_remove': 'remove the card',
  'cards.what_link': 'start adding a card',
  'cards.add_needs_url':
    'Adding a card needs the bot’s public address, and this bot has none: an operator sets PUBLIC_URL. Nothing was sent.',
  'cards.add_sent': 'I sent you a private link by DM to add a card. It works once, within 15 minutes.',
  'cards.add_dm_closed':
    'I could not send you a DM, so no link was sent. Allow DMs from the bot, then click Add a card again.',
  'cards.add_dm_title': 'Add a card',
  'cards.add_dm_text':
    'Open this link to add a card to the team’s ModelsLab account. Card details go from your browser to Stripe only: never type them in a chat. The link works once and expires at {time}.',
  'cards.added_dm': 'Card {card} added{isDefault, select, yes { (default)} other {}}.',
  'cards.page_title': 'Add a card',
  'cards.page_account_slack': 'For the ModelsLab account of the Slack workspace {id}.',
  'cards.page_account_discord': 'For the ModelsLab account of the Discord server {id}.',
  'cards.page_account_web': 'For the ModelsLab account of the playground workspace {id}.',
  'cards.page_account_team': 'For the team’s ModelsLab account.',
  'cards.page_note': 'Card details go from this page to Stripe only; the bot never sees them.',
  'cards.page_make_default': 'Make it the default card',
  'cards.page_save': 'Save card',
  'cards.page_saving': 'Saving…',
  'cards.page_no_stripe':
    'The card form could not be loaded. Reload the page; if it keeps failing, run /ml cards and click Add a card for a new link.',
  'cards.page_saved': 'Card saved. You can close this page.',
  'cards.page_failed': 'The card could not be saved: {reason}',
  'cards.page_not_saved':
    'ModelsLab did not save the card, so nothing was added. For a new link, run /ml cards and click Add a card.',
  'cards.page_busy': 'The page is busy. Open the link again in a moment.',
  'cards.page_expired_title': 'This link has expired',
  'cards.page_expired':
    'This add-card link has expired or was already used. For a new one, run /ml cards and click Add a card.',
  'cards.page_bad_input': 'The card could not be read, so nothing was added. Try again.',
} as const;
