import type { cards as en } from '../en/cards.ts';
import type { Translation } from '../en/index.ts';

export const cards: Translation<typeof en> = {
  'cards.placeholder': 'En construcción',
};
