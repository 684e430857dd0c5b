/** The a subscription's failed payment: the notice, Fix payment and its outcomes. */
export const subPayments = {
  'subPayments.placeholder': 'Being built',
} as const;
