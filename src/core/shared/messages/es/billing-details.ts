import type { billingDetails as en } from '../en/billing-details.ts';
import type { Translation } from '../en/index.ts';

export const billingDetails: Translation<typeof en> = {
  'billingDetails.placeholder': 'En construcción',
};
