import type { cardCharge as en } from '../en/card-charge.ts';
import type { Translation } from '../en/index.ts';

export const cardCharge: Translation<typeof en> = {
  'cardCharge.placeholder': 'En construcción',
};
