/**
 * The sub-payments room: the notice in the alert channel when a subscription's payment failed,
 * its edits (recovered, fixed, canceled) and the answers of its Fix payment button.
 */
export const subPayments = {
  'subPayments.notice_title': 'Subscription payment failed: {name} (#{id})',
  'subPayments.notice_text':
    'The payment for the {name} subscription (#{id}) failed; it is past due. Approvers: Fix payment retries it with the card on file.',
  'subPayments.fix_button': 'Fix payment',
  'subPayments.recovered_title': 'Subscription payment recovered: {name} (#{id})',
  'subPayments.recovered_text': 'The payment for the {name} subscription (#{id}) went through; it is active again.',
  'subPayments.fixed_text':
    'Fixed by {who}: the payment for the {name} subscription (#{id}) went through; it is active again.',
  'subPayments.ended_title': 'Subscription canceled: {name} (#{id})',
  'subPayments.ended_text': 'The {name} subscription (#{id}) was canceled; there is no payment left to fix.',
  'subPayments.approvers_only': 'Only approvers can fix a subscription payment.',
  'subPayments.bad_value': 'That Fix payment button is broken. /ml status lists the subscriptions.',
  'subPayments.already_active': 'The {name} subscription (#{id}) is already active: nothing to fix.',
  'subPayments.not_past_due': 'The subscription #{id} is {status}, not past due: nothing to fix.',
  'subPayments.in_flight': 'The payment for subscription #{id} is already being fixed. Its answer comes in a moment.',
  'subPayments.fixed': 'Fixed: the payment went through. Subscription #{id} is active again.',
  'subPayments.check_dms':
    'The bank wants the cardholder to confirm this payment (3-D Secure). Check your DMs: the link to complete it is there, for you only.',
  'subPayments.dm_title': 'Complete the payment for subscription #{id}',
  'subPayments.dm_text':
    'The bank wants the cardholder to confirm the payment for the {name} subscription (#{id}). Open the page below and complete it; the notice in the channel updates once it is paid.',
  'subPayments.dm_button': 'Complete the payment',
  'subPayments.dm_closed':
    'The bank wants the cardholder to confirm this payment, but I cannot send you a DM. Open your DMs to the bot and click Fix payment again.',
  'subPayments.declined': 'The card on file was declined; update the card with /ml cards and try again.',
  'subPayments.refused':
    'ModelsLab refused to fix the payment of subscription #{id}: “{said}” Nothing was charged. Check the card on file with /ml cards, then click Fix payment again.',
  'subPayments.still_failed':
    'ModelsLab says subscription #{id} is still {status}: the payment did not go through. Check the card with /ml cards and try again.',
  'subPayments.what_check': 'check the subscription payment',
  'subPayments.what_fix': 'fix the subscription payment',
} as const;
