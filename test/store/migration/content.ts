/**
 * What the migration fixture holds: one of everything the sqlite store keeps (requests open and
 * closed, audit rows, a dedupe key, a lease, budget grants, kv values), at a fixed time. Written
 * into test/store/migration/sqlite3-store.sqlite by make-fixture.ts against the old sqlite3
 * adapter; read back by sqlite-migration.test.ts through the current one.
 */
import type { AuditEntry, PaymentRequest } from '../../../src/core/requests/request.ts';
import { makeRequest } from '../fixtures.ts';

export const WRITTEN_AT = Date.UTC(2026, 11, 1, 9, 0, 0);
export const NAMESPACE = 'mlbot';
const HOUR = 3_600_000;

const base = (id: string, overrides: Partial<PaymentRequest>): PaymentRequest => ({
  ...makeRequest({ createdAt: WRITTEN_AT - HOUR, ...overrides }),
  id,
  updatedAt: WRITTEN_AT - HOUR,
});

export const REQUESTS: readonly PaymentRequest[] = [
  base('req-open-approval', { state: 'awaiting_approval', note: 'eval run — ünïcode ✓' }),
  // keyv escapes strings that start with ':' ("::…"); the new adapter must read them back whole.
  base('req-colon-note', { state: 'awaiting_approval', note: ':colon first', amountCents: 12_345 }),
  base('req-awaiting-payment', {
    state: 'awaiting_payment',
    attempts: [
      {
        n: 1,
        idempotencyKey: 'paylink-req-awaiting-payment-1',
        sessionId: 'cs_test_fixture_1',
        paymentUrl: 'https://checkout.stripe.com/c/pay/cs_test_fixture_1',
        expiresAt: WRITTEN_AT + 23 * HOUR,
        linkCreatedAt: WRITTEN_AT - HOUR,
      },
    ],
  }),
  base('req-paid', { state: 'paid', amountCents: 2_500 }),
];

export const AUDIT: readonly AuditEntry[] = [
  { at: WRITTEN_AT - HOUR, requestId: 'req-paid', purpose: 'fund', from: null, to: 'awaiting_approval' },
  { at: WRITTEN_AT - HOUR + 1, requestId: 'req-paid', purpose: 'fund', from: 'awaiting_approval', to: 'approved' },
  {
    at: WRITTEN_AT - HOUR + 2,
    requestId: 'req-paid',
    purpose: 'fund',
    from: 'awaiting_payment',
    to: 'paid',
    amountCents: 2_500,
    sessionId: 'cs_test_fixture_0',
  },
];

export const DEDUPE_KEY = 'event:slack:Ev-fixture-1';
export const LEASE = { key: 'watch:req-awaiting-payment', owner: 'process-a' } as const;
/** Both expire a day after WRITTEN_AT: still held when the test reads at WRITTEN_AT + 1 min. */
export const TTL_MS = 24 * HOUR;
export const BUDGET_PER_MIN = 15;
export const BUDGET_TAKES = 3;
export const KV: Readonly<Record<string, unknown>> = {
  'alert:low-balance': { level: 'low', since: WRITTEN_AT - HOUR, balanceCents: 420 },
  'setting:colon': ':starts with a colon',
};
