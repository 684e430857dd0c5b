/** Charging the card on file for an approved top-up: the button, the outcomes, the receipt line. */
export const cardCharge = {
  // The button on the request card (approvers only may use it).
  'cardCharge.button': 'Charge card on file ••{last4}',
  // Lines on the request card (a channel post: no URL, brand and last four only).
  'cardCharge.card_paid': '{approved} Paid with the card on file {brand} ••{last4} by {who}.{late} {where}',
  'cardCharge.card_in_progress':
    ' {who} is charging {amount} to the card on file {brand} ••{last4}; waiting for the answer.',
  'cardCharge.card_pending':
    ' Card charge of {amount} on ••{last4} pending (started by {who}); the card will say when it settles.',
  'cardCharge.card_declined':
    ' The card {brand} ••{last4} was declined ({reason}) when {who} tried it. The checkout link still works.',
  'cardCharge.card_requires_action':
    ' {who} tried the card {brand} ••{last4}: the bank wants the cardholder to confirm (3-D Secure), so nothing was charged and the checkout link is the way to pay.',
  'cardCharge.card_failed':
    ' The card charge on {brand} ••{last4} by {who} did not go through ({reason}). The checkout link still works.',
  // Why a charge did not go through, from ModelsLab's decline code.
  'cardCharge.reason':
    '{code, select, insufficient_funds {insufficient funds} generic_decline {declined by the bank} card_declined {declined by the bank} expired_card {the card has expired} incorrect_cvc {wrong security code} lost_card {reported lost} stolen_card {reported stolen} do_not_honor {declined by the bank} processing_error {a processing error} not_settled {the bank did not settle it} refused {ModelsLab refused it} other {{code}}}',
  // Answers to the approver who clicked (private).
  'cardCharge.succeeded': 'Charged {amount} to the card on file {brand} ••{last4}. Request {id} is paid. {where}',
  'cardCharge.cards_unavailable':
    'The saved cards could not be read from ModelsLab just now, so nothing was charged. Try again in a minute; the checkout link still works.',
  'cardCharge.pending':
    'The charge of {amount} on the card ••{last4} is pending at the bank. The bot follows it and the card will say when it settles; do not charge again.',
  'cardCharge.declined':
    'The card ••{last4} was declined ({reason}). The checkout link still works; to try another card, make it the default in /ml cards first.',
  'cardCharge.requires_action':
    'The bank wants the cardholder to confirm this payment (3-D Secure), which cannot happen from chat, so nothing was charged. The checkout link sent to {payer} by DM is the way to pay.',
  'cardCharge.refused':
    'ModelsLab refused the charge on the card ••{last4} ({code}), so nothing was charged. The checkout link still works.',
  'cardCharge.unanswered':
    'ModelsLab did not answer the charge of {amount} on the card ••{last4}, so it may or may not have gone through. The bot asks again with the same key (never a second charge) and the card will say; do not charge again.',
  'cardCharge.not_sent': '{limited} Nothing was charged; try again then.',
  'cardCharge.in_progress':
    'A charge of the card on file for request {id} is already in progress (started by {who}). Its answer will show on the card.',
  'cardCharge.cancel_waits':
    'Request {id} cannot be cancelled yet: a charge of {amount} on the card on file {brand} ••{last4} is waiting for its answer. Cancel again once the card shows it; that way the card is never charged after a cancel.',
  'cardCharge.card_unknown':
    ' ModelsLab never answered the charge of {amount} on {brand} ••{last4} by {who}, so nobody can say whether it went through. Check /ml transactions before paying again; the card on file is not offered again for this request.',
  'cardCharge.unknown_refused':
    'The card ••{last4} is not charged again for request {id}: ModelsLab never answered an earlier charge of {amount}, which may have gone through. Check /ml transactions; the checkout link still works.',
  'cardCharge.already_paid': 'Request {id} is already paid.',
  'cardCharge.no_default':
    'The account has no default saved card any more, so nothing was charged. The checkout link still works; an approver can choose a default card with /ml cards.',
  'cardCharge.only_approvers': 'Only approvers can charge the card on file.',
  'cardCharge.not_own': 'You asked for this top-up, so another approver has to charge the card on file.',
  'cardCharge.not_fund': 'Only a top-up can be charged to the card on file, and request {id} is a subscription.',
  'cardCharge.not_payable':
    'Request {id} is {state}: the card on file can be charged only after its payment link was sent and while the payment is still owed.',
  'cardCharge.not_approved':
    'Request {id} has {given} of {required} approvals: the card on file can be charged only for a fully approved request.',
  // The receipt in the card's thread.
  'cardCharge.receipt_how': 'Charged to the card on file {brand} ••{last4} by {who}.',
  'cardCharge.field_paid_with': 'Paid with',
  'cardCharge.paid_with': 'card on file {brand} ••{last4}',
  'cardCharge.field_charged_by': 'Charged by',
  'cardCharge.receipt_double':
    'Double payment: {payer} paid the checkout link of request {id} after it had been charged to the card on file {brand} ••{last4} by {who}. {headline} {advice} {approvers}, for your records.',
  'cardCharge.receipt_double_after_link':
    'Double payment: request {id} was charged to the card on file {brand} ••{last4} by {who} after {payer} had paid its checkout link. {headline} {advice} {approvers}, for your records.',
  // The payer's DMs.
  'cardCharge.dm_paid_title': 'Paid by card · {amount}',
  'cardCharge.dm_paid':
    'Request {id} was paid with the card on file {brand} ••{last4} by {who}, so this payment link is no longer needed. Do not pay it: paying it would be a second payment of {amount}.',
  'cardCharge.dm_late_double':
    'Your payment of {amount} on the checkout link arrived, but request {id} had already been paid with the card on file {brand} ••{last4}: this is a second payment. {credited} {advice}',
  'cardCharge.page_paid':
    'The payment for {subject} was made with the card on file {brand} ••{last4} at {time}, so this link is not needed.',
  'cardCharge.receipt_owed': 'Its receipt could not be posted yet; the bot posts it shortly.',
} as const;
