import { z } from 'zod';
import { isoTime, money } from '../money-schema.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The CLI also reads `wallet.balance`; lift it so one schema covers both.
export const walletBalance = z.preprocess(
  (v) => (isRecord(v) && v.balance === undefined && isRecord(v.wallet) ? { ...v.wallet, ...v } : v),
  z.looseObject({ balance: money, currency: z.string().default('USD') }),
);
export type WalletBalance = z.output<typeof walletBalance>;

export const transaction = z.looseObject({
  id: z.union([z.number(), z.string()]).transform(String),
  source: z.string().nullish(),
  transaction_id: z.string().nullish(),
  type: z.enum(['credit', 'debit']),
  amount: money,
  status: z.string().default(''),
  usecase: z.string().nullish(),
  description: z.string().nullish(),
  created_at: z.string().default(''),
});
export type TransactionBody = z.output<typeof transaction>;

const walletSummary = z.looseObject({
  balance: money.optional(),
  currency: z.string().optional(),
  total_credited: money.optional(),
  amount_used: money.optional(),
});

/** `{items, count, total, wallet}` per the docs; a plain array (the CLI's reading) too. */
export const transactionPage = z.union([
  z.array(transaction).transform((items) => ({
    items,
    count: items.length,
    total: items.length,
    wallet: undefined as z.output<typeof walletSummary> | undefined,
  })),
  z
    .looseObject({
      items: z.array(transaction),
      count: z.number().optional(),
      total: z.number().optional(),
      wallet: walletSummary.optional(),
    })
    .transform((o) => ({ ...o, count: o.count ?? o.items.length, total: o.total ?? o.items.length })),
]);
export type TransactionPageBody = z.output<typeof transactionPage>;

export const checkoutSession = z.looseObject({
  checkout_url: z.string().min(1),
  session_id: z.string().min(1),
  expires_at: isoTime,
});
export type CheckoutSessionBody = z.output<typeof checkoutSession>;

export const fundResult = z.union([
  checkoutSession.transform((o) => ({ ...o, kind: 'checkout' as const })),
  z
    .looseObject({
      balance: money,
      amount: money,
      payment_intent_id: z.string().nullish(),
      status: z.string(),
    })
    .transform((o) => ({ ...o, kind: 'charged' as const })),
]);
export type FundResult = z.output<typeof fundResult>;

export const walletConfirm = z.looseObject({
  session_id: z.string().optional(),
  status: z.string().optional(),
  amount: money.optional(),
  balance: money.optional(),
  currency: z.string().optional(),
  transaction_id: z.union([z.string(), z.number()]).nullish(),
  already_confirmed: z.boolean().default(false),
});
export type WalletConfirm = z.output<typeof walletConfirm>;

export const withdrawResult = z.looseObject({ balance: money, amount: money, status: z.string() });
export type WithdrawResult = z.output<typeof withdrawResult>;

export const couponValidation = z.looseObject({
  valid: z.boolean().default(true),
  coupon_code: z.string().optional(),
  type: z.string().nullish(),
  amount: money.nullish(),
  bonus_percent: z.number().nullish(),
  expires_at: z.string().nullish(),
  message: z.string().optional(),
});
export type CouponValidation = z.output<typeof couponValidation>;

export const couponRedemption = z.looseObject({
  message: z.string().optional(),
  coupon_code: z.string().optional(),
  credited_amount: money,
  balance: money.optional(),
});
export type CouponRedemption = z.output<typeof couponRedemption>;
