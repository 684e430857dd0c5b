/**
 * The account a demo starts with: $42.50 in the wallet, a plan catalogue, one active
 * subscription, two cards, three invoices and four coupons covering every coupon outcome.
 */
import type {
  AutoFundingRecord,
  BillingInfoRecord,
  CouponRecord,
  DemoUser,
  InvoiceRecord,
  LedgerEntry,
  PaymentMethodRecord,
  PlanRecord,
  SubscriptionRecord,
} from './model.ts';

const DAY = 86_400_000;

export const DEMO_USER: DemoUser = {
  id: 4242,
  name: 'Sandbox Team',
  email: 'demo@example.com',
  username: 'sandbox',
  password: 'sandbox',
};

export const PLANS: readonly PlanRecord[] = [
  plan(1, 'Basic', 'normal', 'monthly', 2900, 10_000, 5, [
    '10,000 API calls / month',
    'Standard queue',
    'Email support',
  ]),
  plan(2, 'Standard', 'normal', 'monthly', 4900, 50_000, 10, [
    '50,000 API calls / month',
    'Priority queue',
    'Community models',
  ]),
  plan(3, 'Premium', 'normal', 'monthly', 9900, 0, 20, [
    'Unlimited API calls',
    'Fastest queue',
    'All models',
    'Priority support',
  ]),
  plan(4, 'Standard Yearly', 'normal', 'yearly', 49_000, 50_000, 10, ['Standard, billed yearly', 'Two months free']),
  plan(5, 'Imagen Pro', 'imagen', 'monthly', 7900, 25_000, 15, [
    '25,000 image generations',
    'Upscaling',
    'Commercial licence',
  ]),
  plan(6, 'Imagen Pro Yearly', 'imagen', 'yearly', 79_000, 25_000, 15, [
    'Imagen Pro, billed yearly',
    'Two months free',
  ]),
  plan(7, 'Enterprise Basic', 'enterprise', 'monthly', 24_900, 0, 50, [
    'Dedicated GPUs',
    'SLA 99.9%',
    'SSO',
    'Account manager',
  ]),
  plan(8, 'Extra API Calls', 'addon', 'monthly', 1000, 5000, 0, ['5,000 extra API calls', 'Stacks with any plan']),
];

function plan(
  id: number,
  name: string,
  category: PlanRecord['category'],
  period: PlanRecord['period'],
  priceCents: number,
  apiCallLimit: number,
  rateLimit: number,
  features: string[],
): PlanRecord {
  return {
    id,
    name,
    category,
    period,
    type: category === 'addon' ? 'addon' : 'subscription',
    priceCents,
    apiCallLimit,
    rateLimit,
    features,
  };
}

export interface SeedData {
  balanceCents: number;
  ledger: LedgerEntry[];
  subscriptions: SubscriptionRecord[];
  paymentMethods: PaymentMethodRecord[];
  billingInfo: BillingInfoRecord;
  invoices: InvoiceRecord[];
  coupons: Map<string, CouponRecord>;
  autoFunding: AutoFundingRecord;
}

/** Fresh seed records, dated relative to `now` so a ManualClock demo looks plausible. */
export function seed(now: number): SeedData {
  // Credits 90.00 − debits 47.50 = the 42.50 balance, so the ledger adds up.
  const entries: Array<Omit<LedgerEntry, 'id'>> = [
    {
      source: 'stripe',
      transactionId: 'pi_3SeedFundA0000000000001',
      type: 'credit',
      amountCents: 5000,
      usecase: 'wallet_funding',
      createdAt: now - 20 * DAY,
    },
    {
      source: 'api',
      transactionId: 'usage_2026_11_a',
      type: 'debit',
      amountCents: 3000,
      usecase: 'api_usage',
      createdAt: now - 15 * DAY,
    },
    {
      source: 'stripe',
      transactionId: 'pi_3SeedFundB0000000000002',
      type: 'credit',
      amountCents: 2500,
      usecase: 'wallet_funding',
      createdAt: now - 10 * DAY,
    },
    {
      source: 'coupon',
      transactionId: 'USED15',
      type: 'credit',
      amountCents: 1500,
      usecase: 'coupon',
      createdAt: now - 8 * DAY,
    },
    {
      source: 'api',
      transactionId: 'usage_2026_11_b',
      type: 'debit',
      amountCents: 1250,
      usecase: 'api_usage',
      createdAt: now - 4 * DAY,
    },
    {
      source: 'api',
      transactionId: 'usage_2026_11_c',
      type: 'debit',
      amountCents: 500,
      usecase: 'api_usage',
      createdAt: now - DAY,
    },
  ];
  return {
    balanceCents: 4250,
    ledger: entries.map((e, i) => ({ ...e, id: 1001 + i })),
    subscriptions: [
      {
        id: 501,
        planId: 2,
        status: 'active',
        stripeSubscriptionId: 'sub_1SeedStandard00000001',
        periodStart: now - 12 * DAY,
        periodEnd: now + 18 * DAY,
      },
    ],
    paymentMethods: [
      { id: 'pm_1SeedVisa4242', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2028, isDefault: true },
      { id: 'pm_1SeedMc4444', brand: 'mastercard', last4: '4444', expMonth: 6, expYear: 2027, isDefault: false },
    ],
    billingInfo: {
      name: 'Sandbox Team',
      email: 'billing@example.com',
      taxId: null,
      taxIdType: null,
      address: {
        line1: '1 Test Street',
        line2: null,
        city: 'San Francisco',
        state: 'CA',
        postal_code: '94105',
        country: 'US',
      },
    },
    invoices: [
      {
        id: 'in_1SeedInvoice0001',
        number: 'MLAB-0001',
        amountCents: 4900,
        status: 'paid',
        createdAt: now - 42 * DAY,
        lines: [{ description: 'Standard (monthly)', amountCents: 4900 }],
      },
      {
        id: 'in_1SeedInvoice0002',
        number: 'MLAB-0002',
        amountCents: 5900,
        status: 'paid',
        createdAt: now - 12 * DAY,
        lines: [
          { description: 'Standard (monthly)', amountCents: 4900 },
          { description: 'Extra API Calls', amountCents: 1000 },
        ],
      },
      {
        id: 'in_1SeedInvoice0003',
        number: 'MLAB-0003',
        amountCents: 4900,
        status: 'open',
        createdAt: now - DAY,
        lines: [{ description: 'Standard (monthly)', amountCents: 4900 }],
      },
    ],
    coupons: new Map<string, CouponRecord>([
      [
        'WELCOME10',
        {
          code: 'WELCOME10',
          kind: 'credit',
          amountCents: 1000,
          bonusPercent: null,
          expiresAt: now + 90 * DAY,
          used: false,
        },
      ],
      [
        'BONUS20',
        { code: 'BONUS20', kind: 'bonus', amountCents: null, bonusPercent: 20, expiresAt: null, used: false },
      ],
      [
        'EXPIRED5',
        {
          code: 'EXPIRED5',
          kind: 'credit',
          amountCents: 500,
          bonusPercent: null,
          expiresAt: now - 30 * DAY,
          used: false,
        },
      ],
      [
        'USED15',
        { code: 'USED15', kind: 'credit', amountCents: 1500, bonusPercent: null, expiresAt: null, used: true },
      ],
    ]),
    autoFunding: { enabled: false, amountCents: null, thresholdCents: null },
  };
}
