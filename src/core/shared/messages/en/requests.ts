/** The request's texts: the card, the payer's DMs, receipts, reminders, escalation, the pay page. */
export const requests = {
  // Card: status labels.
  'requests.status.awaiting_approval': 'Awaiting approval',
  'requests.status.approved': 'Approved · creating payment link',
  'requests.status.link_created': 'Approved · sending payment link',
  'requests.status.awaiting_payment': 'Awaiting payment',
  'requests.status.paid': 'Paid',
  'requests.status.denied': 'Denied',
  'requests.status.approval_expired': 'Approval expired',
  'requests.status.cancelled': 'Cancelled',
  'requests.status.expired': 'Link expired',
  'requests.status.failed': 'Failed',
  // Card: text.
  'requests.approvals_line': '{given} of {required} approvals{who}',
  'requests.approved_by_all': 'Approved by {who}.',
  'requests.and': ' and ',
  'requests.approved_by': 'Approved by {who}.',
  'requests.no_approval_needed': 'No approval needed.',
  'requests.receipt_where_discord': 'The receipt is posted as a reply to this card.',
  'requests.receipt_where_thread': 'The receipt is in the thread.',
  'requests.card.by': ' by {who}',
  'requests.card.reason': ' Reason: {reason}',
  'requests.card.asks_fund': '{requester} asks to add funds to the ModelsLab wallet',
  'requests.card.asks_subscribe': '{requester} asks to subscribe',
  'requests.card.open_until': ' (open until {time})',
  'requests.card.which': '{ask}, which {why}',
  'requests.card.needs_two': ' It needs {count, number} different approvers (the requester never counts).',
  'requests.card.awaiting': '{ask}. {approvers}: please approve or deny{until}.{two}{given}',
  'requests.card.approved': '{approved} Creating the payment link…',
  'requests.card.link_created': '{approved} The payment link is ready for {payer} by DM.',
  'requests.card.awaiting_payment': '{approved} Payment link sent to {payer} by DM; waiting for the payment.',
  'requests.card.paid': '{approved} Paid.{late} {where}',
  'requests.card.denied': 'Denied{by}.{reason}',
  'requests.card.expired_partly':
    'Only {given} of {required} approvals arrived in time ({who}), so it expired. Ask again if it is still needed.',
  'requests.card.expired_nobody':
    'Nobody approved this request in time, so it expired. Ask again if it is still needed.',
  'requests.card.cancelled': 'Cancelled{by}.{reason}',
  'requests.card.link_expired':
    '{approved} Link expired before it was paid. {payer} can ask for a new link from the DM.',
  'requests.card.failed': 'Failed.{reason} {requester} or an approver can try again under the same approval.',
  'requests.card.paid_times':
    ' Paid {count, number} times (a double payment): the extra payment stays with ModelsLab as credit; see the receipts for what to do.',
  'requests.card.late_cancelled': ' The payment arrived after the request was cancelled.',
  'requests.card.late_failed': ' The payment arrived after the request was marked failed.',
  'requests.card.late_old_link': ' The payment arrived on an older link.',
  // Card: buttons and fields.
  'requests.button.try_again': 'Try again',
  'requests.button.approve': 'Approve',
  'requests.button.withdraw_approval': 'Withdraw my approval',
  'requests.button.deny': 'Deny',
  'requests.button.cancel': 'Cancel',
  'requests.button.new_link': 'New link',
  'requests.button.paid': "I've paid",
  'requests.button.pay': 'Pay {amount}',
  'requests.button.retry': 'Retry',
  'requests.field.requester': 'Requester',
  'requests.field.amount': 'Amount',
  'requests.field.plan': 'Plan',
  'requests.field.note': 'Note',
  'requests.field.status': 'Status',
  'requests.field.approvals': 'Approvals',
  'requests.field.budget': 'Budget',
  'requests.field.link_expires': 'Link expires',
  'requests.field.new_balance': 'New balance',
  'requests.field.approver': 'Approver',
  'requests.field.payer': 'Payer',
  'requests.field.session': 'Session',
  'requests.field.time': 'Time',
  // Budgets.
  'requests.spend_line': '{whose}: spent this month: {spent} of {budget}',
  'requests.spend_workspace': 'Workspace: spent this month: {spent} of {budget}',
  'requests.budget_member': "would exceed {who}'s monthly budget: spent {spent} of {budget}",
  'requests.budget_workspace': "would exceed the workspace's monthly budget: spent {spent} of {budget}",
  // The payer's DMs.
  'requests.dm.attempt': 'Attempt {n}',
  'requests.dm.old_link_unknown': 'If a payment on it goes through, it is credited, not lost.',
  'requests.dm.old_link_ended': 'That link expired at {time} and can no longer be paid.',
  'requests.dm.old_link_payable':
    'That link stays payable until {time}; a payment on it is still credited to the account and receipted, not lost.',
  'requests.dm.old_link_expired':
    'That link expired at {time}; if a payment on it went through anyway, it is credited and receipted, not lost.',
  'requests.dm.expiry_unknown': 'unknown',
  'requests.dm.pay_title': 'Pay {amount}',
  'requests.dm.pay_fund':
    'Your request to add funds to the ModelsLab wallet is ready to pay. The link works until {expiry}. Click "I\'ve paid" after paying to get the receipt sooner.',
  'requests.dm.pay_subscribe':
    'Your request to subscribe to {what} is ready to pay. The link works until {expiry}. Click "I\'ve paid" after paying to get the receipt sooner.',
  'requests.dm.new_balance': ' New balance: {balance}.',
  'requests.dm.subscription_active': ' Subscription active: {what}.',
  'requests.dm.received_title': 'Received {amount}',
  'requests.dm.received': 'Received, thanks.{detail}',
  'requests.dm.already_paid_title': 'Already paid',
  'requests.dm.already_paid':
    'Request {id} was paid on an earlier link, so there is no need to pay this one; a payment on it would be a second payment. {truth}',
  'requests.dm.link_expired_title': 'Payment link expired',
  'requests.dm.link_expired': 'This payment link was not paid before its expiry. {truth}',
  'requests.dm.expiry_at': ' at {time}',
  'requests.dm.expiry_notice':
    'The payment link for {what} expired{at} before it was paid. The approval still stands: press New link for a fresh one.',
  'requests.dm.superseded_title': 'A newer payment link was sent',
  'requests.dm.superseded': 'A newer payment link for {what} is in a later message: use that one. {truth}',
  'requests.dm.closed_cancelled': 'Cancelled{by}.',
  'requests.dm.closed_state':
    'This request {state, select, paid {paid} denied {denied} approval_expired {approval_expired} expired {expired} failed {failed} other {{state}}}.',
  'requests.dm.no_need_to_pay': ' There is no need to pay it now.',
  'requests.dm.closed_title': 'Payment request closed',
  'requests.dm.closed': '{what}{advice} {truth}',
  'requests.dm.late_cancelled': 'after the request was cancelled',
  'requests.dm.late_failed': 'after the request was marked failed',
  'requests.dm.late_expired': 'after the bot had marked the link expired',
  'requests.dm.late_superseded': 'on an older link, after a newer one was sent',
  'requests.dm.double_fund':
    'ModelsLab has no refund endpoint, so the extra {extra} stays in the wallet as credit. For a refund instead, contact ModelsLab support and quote session {session}.',
  'requests.dm.double_subscribe':
    'ModelsLab has no refund endpoint: check the subscriptions with /ml status, and for a refund of the extra {extra} contact ModelsLab support and quote session {session}.',
  'requests.dm.credited': 'It was credited to the ModelsLab wallet{balance}.',
  'requests.dm.credited_balance': ' (new balance {balance})',
  'requests.dm.subscription_confirmed': 'The subscription payment was confirmed.',
  'requests.dm.late_double':
    'Your payment of {amount} on an earlier link arrived, but request {id} was already paid: this is a second payment. {credited} {advice}',
  'requests.dm.late':
    "Your payment of {amount} arrived {why}, and nothing is lost. {credited} The receipt is in the request's thread.",
  'requests.dm.late_double_title': 'Second payment received · {amount}',
  'requests.dm.late_title': 'Payment received · {amount}',
  // Receipts.
  'requests.receipt.late_cancelled':
    'This payment arrived after the request was cancelled. It was credited all the same, not lost.',
  'requests.receipt.late_failed':
    'This payment arrived after the request was marked failed. It was credited all the same, not lost.',
  'requests.receipt.late_expired':
    'This payment arrived after the bot had marked the link expired. It was credited all the same, not lost.',
  'requests.receipt.late_superseded':
    'This payment was made on an older link, after a newer one was sent. It was credited, not lost.',
  'requests.receipt.not_reported': 'not reported',
  'requests.receipt.fund': 'Payment received: {amount} added to the ModelsLab wallet. New balance: {balance}.',
  'requests.receipt.subscribe': 'Subscription active: {plan}.',
  'requests.receipt.not_needed': 'not needed',
  'requests.receipt.resent_discord':
    'Re-sent because the first post could not be confirmed: ignore it if the card already has a receipt reply.',
  'requests.receipt.resent_thread':
    'Re-sent because the first post could not be confirmed: ignore it if this thread already has a receipt.',
  'requests.receipt.double_title': 'Receipt · double payment · {what}',
  'requests.receipt.double':
    'Double payment: {payer} paid request {id} a second time (an earlier link). {headline} {advice} {approvers}, for your records.',
  'requests.receipt.late_title': 'Receipt · late payment · {what}',
  'requests.receipt.late': '{headline} {line} {approvers}, for your records.',
  'requests.receipt.title': 'Receipt · {what}',
  // Reminders and escalation.
  'requests.span_hours': '{hours, plural, one {1 hour} other {{n} hours}}',
  'requests.span_minutes': '{minutes, plural, one {1 minute} other {{n} minutes}}',
  'requests.note_paren': ' ({note})',
  'requests.reminder':
    'Waiting for approval for {span}: {requester} asks for {what}{note}. {approvers}: please approve or deny on the card{until}.',
  'requests.expired_within': ' within {span}',
  'requests.expired_unanswered_title': 'Request expired unanswered',
  'requests.expired_unanswered_fund':
    'Your request to add {what} to the wallet expired: no approver answered it{waited}, so nothing was charged. If it is still needed, ask again with the same command, and tell an approver it is waiting.',
  'requests.expired_unanswered_subscribe':
    'Your request to subscribe to {what} expired: no approver answered it{waited}, so nothing was charged. If it is still needed, ask again with the same command, and tell an approver it is waiting.',
  'requests.escalation_until': ' It expires at {time}.',
  'requests.escalation':
    'No approver answered for {span}: {requester} asks for {what}{note}. {fallback}: you can approve or deny it on the card now.{until}',
  // The pay page.
  'requests.page.subject_fund': 'a {amount} wallet top-up',
  'requests.page.paid_at': 'The payment for {subject} was received at {time}.',
  'requests.page.balance_after': 'Wallet balance after this payment: {balance}.',
  'requests.page.subscription_status': 'Subscription status: {status}.',
  'requests.page.paid_ref': "Request {id}, attempt {n}. The receipt is in the request's thread. Nothing more to pay.",
  'requests.page.paid_title': 'Already paid',
  'requests.page.old_ended':
    'This link can no longer be paid. If a payment on it went through anyway, it is credited and receipted, not lost.',
  'requests.page.old_payable':
    'A payment already made on this link would still be credited to the account and receipted, not lost.',
  'requests.page.ref': 'Request {id}, attempt {n}.',
  'requests.page.closed_title':
    'This request {how, select, cancelled {was cancelled} denied {was denied} other {failed}}',
  'requests.page.closed':
    'The request for {subject} {how, select, cancelled {was cancelled} denied {was denied} other {failed}}, so there is nothing to pay.',
  'requests.page.replaced_title': 'This link was replaced',
  'requests.page.replaced': 'A newer link was sent to you by DM: use the Pay button in that message.',
  'requests.page.expired_title': 'This link has expired',
  'requests.page.expired_at': 'This payment link ended at {time}.',
  'requests.page.expired_new_link':
    'Click "New link" in your DM from the bot to get a fresh one under the same approval.',
  'requests.page.redirect_title': 'Taking you to the payment page',
  // Creating the link, the payer's DM, opening a request.
  'requests.link.unreadable':
    "ModelsLab's answer about the payment link for {id} could not be read: {sentence} The approval is kept; I will ask again with the same key (so no second checkout is opened) and send the link by DM once the answer can be read.",
  'requests.link.limited':
    '{sentence} The approval of {id} is kept; the payment link will be created then and sent by DM.',
  'requests.link.down':
    'ModelsLab is not answering right now, so the payment link for {id} could not be created yet. The approval is kept and the link will be sent by DM as soon as ModelsLab is back.',
  'requests.link.refused':
    'ModelsLab refused to create the payment link for {id}, so the request failed. Nothing was charged. Try again makes a new link under the same approval.',
  'requests.dms_closed.slack': "Open the app's Messages tab once (click the app's name, then Messages).",
  'requests.dms_closed.discord': 'Allow direct messages from server members (server name › Privacy Settings).',
  'requests.dms_closed.web': 'Open your DM pane in the playground.',
  'requests.dms_closed':
    'I could not send you the payment link for {id}: your direct messages are closed. {how} Then press Retry.',
  'requests.dms_closed_thread':
    '{payer}, I could not send you the payment link for {id}: your direct messages are closed. {how} Then press Retry.',
  'requests.open.rate_limited':
    'You can open at most {count, number} requests every {seconds} seconds. Try again in {retry} s.',
  'requests.open.card_what': 'the request card',
  'requests.open.card_so': 'no request was opened and nothing will be charged',
  'requests.open.no_approval': 'Request {id} needs no approval: the payment link goes to you by DM.',
  'requests.open.over_budget': 'Request {id} needs an approver: it {why}.',
  'requests.open.waiting_many': 'Request {id} is waiting for {count, number} different approvers.',
  'requests.open.waiting': 'Request {id} is waiting for an approver.',
  'requests.dup.subs_down':
    "ModelsLab is not answering right now, so I could not check the account's subscriptions before creating the payment link for {id}. The approval is kept and I will try again.",
  'requests.dup.not_sent': '{id} was not sent for payment: {reason}',
  // Reasons stored on the request and shown on its card (the workspace's language when written).
  'requests.reason.link_refused': 'ModelsLab refused to create the payment link.',
  'requests.reason.card_not_posted': 'The request card could not be posted in this channel.',
  'requests.reason.session_unknown': 'ModelsLab does not know this checkout session.',
  'requests.reason.duplicate_sub':
    'The account already has {sub}; a second subscription to the same plan is not opened.',
  'requests.reason.duplicate_request':
    'Request {id} for {plan} already has a payment link; paying both would subscribe twice.',
  'requests.reason.nothing_charged': '{why} Nothing was charged.',
  // Another member pays (the fund form's "who pays").
  'requests.card.pays': ' {payer} pays.',
  'requests.open.no_approval_other': 'Request {id} needs no approval: the payment link goes to {payer} by DM.',
} as const;
