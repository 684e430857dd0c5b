import { z } from 'zod';
import { money } from '../money-schema.ts';

export const paymentStatus = z.looseObject({
  status: z.string(),
  payment_intent_id: z.string().optional(),
  amount: money.optional(),
  currency: z.string().optional(),
});
export type PaymentStatus = z.output<typeof paymentStatus>;

/**
 * `POST /wallet/fund` with a saved card: charged (200, `succeeded` or `pending`), or the bank
 * wants the cardholder (202, `data.payment.status: "requires_action"`). The 202's client secret is
 * dropped here, at the edge: nothing past the schema can log or keep it.
 */
export const cardFundResult = z
  .looseObject({
    status: z.string().optional(),
    payment_intent_id: z.string().nullish(),
    balance: money.optional(),
    amount: money.optional(),
    message: z.string().optional(),
    payment: z.looseObject({ status: z.string(), payment_intent_id: z.string().nullish() }).nullish(),
  })
  .transform((o) => ({
    status: o.payment?.status ?? o.status ?? 'unknown',
    paymentIntentId: o.payment?.payment_intent_id ?? o.payment_intent_id ?? undefined,
    ...(o.balance !== undefined ? { balance: o.balance } : {}),
    ...(o.message !== undefined ? { message: o.message } : {}),
  }));
export type CardFundResult = z.output<typeof cardFundResult>;
