/** The charging the card on file for an approved top-up: the button, the outcomes, the receipt line. */
export const cardCharge = {
  'cardCharge.placeholder': 'Being built',
} as const;
