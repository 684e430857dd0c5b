import { z } from 'zod';
import { money } from '../money-schema.ts';

export const paymentStatus = z.looseObject({
  status: z.string(),
  payment_intent_id: z.string().optional(),
  amount: money.optional(),
  currency: z.string().optional(),
});
export type PaymentStatus = z.output<typeof paymentStatus>;
