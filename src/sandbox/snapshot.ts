/**
 * The simulator's state as one JSON document, so a restarted sandbox resumes where it stopped:
 * for every account its wallet and ledger, subscriptions, cards, invoices, coupons (used or not),
 * checkout sessions, payments, tokens, id counters and the idempotency replays (a link created
 * just before a crash must replay, not be made twice). Money fields inside replayed answers are
 * `Usd` values; they are written as `{"$usd": cents}` so money-as-strings mode still applies to a
 * replay.
 *
 * Version 3 adds, per account, the Setup Intents and set-up cards of the Stripe.js stand-in (and
 * cards carry a behaviour, payments a settle time); a version 2 file reads with none of them and
 * its cards succeed. Version 2 (`{version: 2, original, accounts: [...]}`) holds every account. Version 1, written
 * before the simulator served several accounts, is one account's fields at the top level: it
 * reads as the original account, so an existing sandbox keeps its wallet and open links.
 */
import type { StoredResponse } from './idempotency.ts';
import type {
  AutoFundingRecord,
  BillingInfoRecord,
  CheckoutSessionRecord,
  CouponRecord,
  DetachedCardRecord,
  InvoiceRecord,
  LedgerEntry,
  PaymentMethodRecord,
  PaymentRecord,
  SetupIntentRecord,
  SubscriptionRecord,
} from './model.ts';
import { Usd } from './wire.ts';

export const SNAPSHOT_VERSION = 3;

/** Versions this simulator reads: 1 (one account), 2 (accounts), 3 (cards with behaviours, setup intents). */
const READABLE = [1, 2, 3];

/** One account's state (in version 1, the whole file plus `version: 1`). */
export interface AccountSnapshot {
  readonly balanceCents: number;
  readonly ledger: readonly LedgerEntry[];
  readonly subscriptions: readonly SubscriptionRecord[];
  readonly paymentMethods: readonly PaymentMethodRecord[];
  readonly billingInfo: BillingInfoRecord;
  readonly invoices: readonly InvoiceRecord[];
  readonly coupons: readonly CouponRecord[];
  readonly autoFunding: AutoFundingRecord;
  readonly sessions: readonly CheckoutSessionRecord[];
  readonly payments: readonly PaymentRecord[];
  /** Since version 3; absent (none) in older files. */
  readonly setupIntents?: readonly SetupIntentRecord[];
  /** Since version 3; absent (none) in older files. */
  readonly detachedCards?: readonly DetachedCardRecord[];
  readonly tokens: readonly string[];
  readonly nextLedgerId: number;
  readonly nextSubscriptionId: number;
  readonly idempotency: ReadonlyArray<readonly [string, StoredResponse]>;
}

export interface NamedAccountSnapshot extends AccountSnapshot {
  /** After `sandbox-` in its token (`acme` for `sandbox-acme`). */
  readonly name: string;
}

export interface SimSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  /** The name of the original account (the configured tokens'). */
  readonly original: string;
  readonly accounts: readonly NamedAccountSnapshot[];
}

/** What a file holds; a version 1 file has one account and no names (`original` undefined). */
export interface DecodedSnapshot {
  readonly original: string | undefined;
  readonly accounts: ReadonlyArray<AccountSnapshot & { readonly name?: string }>;
}

/** A state file that cannot be read back (torn by hand, another program's, a future version). */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  readonly code = 'sandbox_state_unreadable';
}

export function encodeSnapshot(snapshot: SimSnapshot): string {
  return JSON.stringify(snapshot, (_key, value: unknown) => (value instanceof Usd ? { $usd: value.cents } : value));
}

const ARRAYS = [
  'ledger',
  'subscriptions',
  'paymentMethods',
  'invoices',
  'coupons',
  'sessions',
  'payments',
  'tokens',
  'idempotency',
] as const;
const NUMBERS = ['balanceCents', 'nextLedgerId', 'nextSubscriptionId'] as const;

/** The snapshot in `text` (version 1, 2 or 3), or SnapshotError. Checks the outline; the records are ours to trust. */
export function decodeSnapshot(text: string): DecodedSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const keys = Object.keys(value);
        const cents = (value as { $usd?: unknown }).$usd;
        if (keys.length === 1 && typeof cents === 'number') return new Usd(cents);
      }
      return value;
    });
  } catch (err) {
    throw new SnapshotError(`not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new SnapshotError('not a JSON object');
  const o = parsed as Record<string, unknown>;
  if (o.version === 1) {
    checkAccount(o, '');
    return { original: undefined, accounts: [parsed as AccountSnapshot] };
  }
  if (!READABLE.includes(o.version as number))
    throw new SnapshotError(`version ${String(o.version)}, expected one of ${READABLE.join(', ')}`);
  if (typeof o.original !== 'string') throw new SnapshotError('original is not a name');
  if (!Array.isArray(o.accounts)) throw new SnapshotError('accounts is not a list');
  const names = new Set<string>();
  for (const [i, a] of (o.accounts as unknown[]).entries()) {
    if (typeof a !== 'object' || a === null) throw new SnapshotError(`accounts[${i}] is not an object`);
    const name = (a as { name?: unknown }).name;
    if (typeof name !== 'string' || names.has(name)) throw new SnapshotError(`accounts[${i}] has no unique name`);
    names.add(name);
    checkAccount(a as Record<string, unknown>, `accounts[${i}].`);
  }
  return { original: o.original, accounts: o.accounts as NamedAccountSnapshot[] };
}

function checkAccount(o: Record<string, unknown>, at: string): void {
  for (const k of ARRAYS) if (!Array.isArray(o[k])) throw new SnapshotError(`${at}${k} is not a list`);
  for (const k of ['setupIntents', 'detachedCards'])
    if (o[k] !== undefined && !Array.isArray(o[k])) throw new SnapshotError(`${at}${k} is not a list`);
  for (const k of NUMBERS) if (typeof o[k] !== 'number') throw new SnapshotError(`${at}${k} is not a number`);
  for (const k of ['billingInfo', 'autoFunding'])
    if (typeof o[k] !== 'object' || o[k] === null) throw new SnapshotError(`${at}${k} is missing`);
}
