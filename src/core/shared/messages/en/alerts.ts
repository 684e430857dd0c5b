/** The alerts room: the low-balance alert in the alert channel and its "recovered" edit. */
export const alerts = {
  'alerts.low_title': 'Low balance: {balance}',
  'alerts.low_text':
    'The ModelsLab wallet is below {threshold}. Request a top-up of {amount}? It goes through the usual approval.',
  'alerts.low_button': 'Request top-up ({amount})',
  'alerts.recovered_title': 'Balance recovered: {balance}',
  'alerts.recovered_text': 'The ModelsLab wallet is back above {threshold}.',
  'alerts.custom_button': 'Custom amount',
} as const;
