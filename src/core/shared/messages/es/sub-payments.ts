import type { Translation } from '../en/index.ts';
import type { subPayments as en } from '../en/sub-payments.ts';

export const subPayments: Translation<typeof en> = {
  'subPayments.placeholder': 'En construcción',
};
