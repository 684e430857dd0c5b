import { z } from 'zod';
import { intId, money } from '../money-schema.ts';
import { checkoutSession } from './wallet.ts';

export const plan = z.looseObject({
  id: intId,
  name: z.string(),
  category: z.string().default(''),
  period: z.string().default(''),
  type: z.string().nullish(),
  price: money,
  api_call_limit: z.number().nullish(),
  rate_limit: z.number().nullish(),
  features: z.array(z.string()).default([]),
});
export type PlanBody = z.output<typeof plan>;

const payAsYouGo = z.looseObject({ minimum_topup_usd: money.optional() });

/** `{subscription_plans, pay_as_you_go, count}` per the docs; a bare array (the CLI's reading) too. */
export const planList = z.union([
  z.array(plan).transform((subscription_plans) => ({
    subscription_plans,
    count: subscription_plans.length,
    pay_as_you_go: undefined as z.output<typeof payAsYouGo> | undefined,
  })),
  z
    .looseObject({
      subscription_plans: z.array(plan),
      pay_as_you_go: payAsYouGo.optional(),
      count: z.number().optional(),
    })
    .transform((o) => ({ ...o, count: o.count ?? o.subscription_plans.length })),
]);
export type PlanList = z.output<typeof planList>;

export const subscription = z.looseObject({
  id: intId,
  plan_id: intId,
  plan_name: z.string().nullish(),
  feature: z.string().nullish(),
  status: z.string(),
  stripe_subscription_id: z.string().nullish(),
  current_period_start: z.string().nullish(),
  current_period_end: z.string().nullish(),
});
export type SubscriptionBody = z.output<typeof subscription>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `GET /subscriptions` is undocumented: a bare array (contract), an object holding one
 * (`subscriptions` / `items`), subscriptions grouped by kind (`{normal: [...], addon: [...]}`),
 * or one subscription object. All become one flat array.
 */
export const subscriptionList = z.preprocess((v) => {
  if (Array.isArray(v) || !isRecord(v)) return v;
  if (Array.isArray(v.subscriptions)) return v.subscriptions;
  if (Array.isArray(v.items)) return v.items;
  if ('id' in v && 'status' in v) return [v];
  const groups = Object.values(v).filter(Array.isArray);
  return groups.length > 0 ? groups.flat() : v;
}, z.array(subscription));
export type SubscriptionList = z.output<typeof subscriptionList>;

export const createSubscriptionResult = z.union([
  checkoutSession.transform((o) => ({ ...o, kind: 'checkout' as const })),
  z
    .looseObject({
      message: z.string().optional(),
      subscription: z.looseObject({ id: intId, plan_id: intId, feature: z.string().nullish(), status: z.string() }),
      stripe_subscription_id: z.string().nullish(),
      status: z.string().optional(),
    })
    .transform((o) => ({ ...o, kind: 'created' as const })),
]);
export type CreateSubscriptionResult = z.output<typeof createSubscriptionResult>;

export const subscriptionConfirm = z.looseObject({
  session_id: z.string().optional(),
  status: z.string().optional(),
  subscription: subscription.optional(),
  already_confirmed: z.boolean().default(false),
});
export type SubscriptionConfirm = z.output<typeof subscriptionConfirm>;

export const subscriptionStatus = z.looseObject({
  id: intId,
  plan_id: intId.optional(),
  status: z.string(),
  stripe_subscription_id: z.string().nullish(),
  current_period_start: z.string().nullish(),
  current_period_end: z.string().nullish(),
});
export type SubscriptionStatus = z.output<typeof subscriptionStatus>;

export const chargeResult = z.looseObject({
  amount: money,
  status: z.string(),
  payment_intent_id: z.string().nullish(),
});
export type ChargeResult = z.output<typeof chargeResult>;
