/** The saved cards: /ml cards, Set default / Remove, Add a card and its page. */
export const cards = {
  'cards.placeholder': 'Being built',
} as const;
