/** The billing details: /ml billing and its contact and address forms. */
export const billingDetails = {
  'billingDetails.placeholder': 'Being built',
} as const;
