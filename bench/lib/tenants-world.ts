/**
 * The many-tenants world of bench/tenants.ts: tenant ids and their `sandbox-<name>` tokens, the
 * simulator sessions and the stored requests awaiting payment, and the hub wired as the app
 * wires it (src/app.ts) on Redis, with messengers that note when each receipt is posted.
 */
import { randomBytes } from 'node:crypto';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import type { Clock, Messenger, PaymentLink, TimerHandle } from '../../src/core/shared/ports.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { TenantId } from '../../src/core/shared/tenant.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/shared/types.ts';
import type { TenantSettings } from '../../src/core/shared/workspace-ports.ts';
import { settingsToPolicy } from '../../src/core/workspace/index.ts';
import { createLogger } from '../../src/ops/logger.ts';
import type { Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { AccountPool } from '../../src/tenants/accounts.ts';
import { Directory } from '../../src/tenants/directory.ts';
import { TenantHub } from '../../src/tenants/hub.ts';
import { accountFingerprint, createSecretBox, type SecretKey } from '../../src/tenants/secret-box.ts';
import { inProcessFetch } from './in-process-fetch.ts';

export const BILLING_PER_MIN = 15;
const SIM_BASE = 'http://simulator.invalid/api/agents/v1';

export const ENV_SETTINGS: TenantSettings = {
  approvers: { slack: ['U0APPROVER'], discord: [], web: [] },
  approvalThresholdCents: 0,
  maxFundCents: 100_000,
  allowSelfApproval: false,
  approvalTtlMs: 86_400_000,
  requestsPerMinute: 50,
};

export interface BenchTenant {
  readonly tenant: TenantId;
  /** Its Slack team id (the requests' workspace). */
  readonly team: string;
  /** Its own simulator account: `sandbox-<name>`. */
  readonly token: string;
}

/** Tenant n (1-based): `slack:T0001` on the account of token `sandbox-t0001`. */
export function tenantOf(n: number): BenchTenant {
  const id = String(n).padStart(4, '0');
  return { tenant: `slack:T${id}` as TenantId, token: `sandbox-t${id}`, team: `T${id}` };
}

/**
 * One tenant connected (a sealed token in its directory record, as `/ml connect` leaves it) with
 * `count` requests awaiting payment, each on a real session of its own simulator account.
 */
export async function seedTenant(
  stores: Stores,
  directory: Directory,
  sim: Simulator,
  t: BenchTenant,
  count: number,
  now: number,
  onWindowFull?: () => void,
): Promise<PaymentLink[]> {
  const links = await createLinks(sim, t.token, count, onWindowFull);
  const { requests } = stores.scope(t.tenant);
  await Promise.all(links.map((link, i) => requests.put(tenantRequest(t.team, i, link, now))));
  await directory.connect(t.tenant, t.token, INSTALLER);
  return links;
}

/** The bench's SECRETS_KEY, handed to the children in the environment (a throwaway key). */
export function benchKeys(hex = process.env.MLBOT_BENCH_KEY): SecretKey[] {
  if (!hex) throw new Error('MLBOT_BENCH_KEY is not set');
  return [{ id: 'bench', key: Buffer.from(hex, 'hex') }];
}
export const newBenchKey = (): string => randomBytes(32).toString('hex');

/**
 * A clock for the simulator that can jump ahead: creating 500 links on one account spends 34 of
 * its 60 s rate windows, so seeding moves the simulator's time on instead of waiting half an hour.
 * The bot never reads this clock; it only sees the simulator's answers, which stay consistent.
 */
export class JumpClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    return systemClock.setTimer(fn, ms);
  }
}

/** `count` checkout sessions of the token's account, created through the real client, in process. */
export async function createLinks(
  sim: Simulator,
  token: string,
  count: number,
  onWindowFull?: () => void,
): Promise<PaymentLink[]> {
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: SIM_BASE, token, clock: systemClock, fetch: inProcessFetch(sim.handler) }),
  );
  const links: PaymentLink[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % (BILLING_PER_MIN - 1) === 0) onWindowFull?.();
    links.push(
      await billing.createPaymentLink({ purpose: 'fund', amountCents: 5_000 + i * 100 }, `seed-${token}-${i}`),
    );
  }
  return links;
}

/** A request of `team` awaiting payment on `link`, its DM sent: what the engine leaves behind. */
export function tenantRequest(team: string, i: number, link: PaymentLink, now: number): PaymentRequest {
  const linkCreatedAt = now - 1_000;
  const createdAt = linkCreatedAt - 30_000;
  const user: UserRef = { platform: 'slack', id: `U${1000 + (i % 50)}`, name: `payer-${i % 50}` };
  const tail = `${team}.${String(i).padStart(6, '0')}`;
  return {
    id: `req-${team}-${i}`,
    purpose: 'fund',
    amountCents: 5_000 + i * 100,
    note: 'GPU budget for the eval run',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C0BENCH', workspaceId: team },
    requester: user,
    payer: user,
    needsApproval: true,
    state: 'awaiting_payment',
    approver: { platform: 'slack', id: 'U0APPROVER', name: 'approver' },
    createdAt,
    updatedAt: linkCreatedAt,
    card: { platform: 'slack', channelId: 'C0BENCH', messageId: `card.${tail}` },
    cardState: 'awaiting_payment',
    attempts: [
      {
        n: 1,
        idempotencyKey: `paylink-req-${team}-${i}-1`,
        sessionId: link.sessionId,
        paymentUrl: link.paymentUrl,
        expiresAt: link.expiresAt,
        linkCreatedAt,
        dm: { platform: 'slack', channelId: `D${i}`, messageId: `dm.${tail}` },
        dmSentAt: linkCreatedAt + 500,
      },
    ],
    version: 5,
  };
}

/** Tenant records with sealed tokens, through the directory (as `/ml connect` leaves them). */
export function seedDirectory(stores: Stores, keys: readonly SecretKey[], ownerId: string): Directory {
  return new Directory({
    tenancy: 'workspaces',
    kv: stores.kv,
    leases: stores.leases,
    box: createSecretBox(keys),
    defaults: () => ENV_SETTINGS,
    checkToken: async () => ({ ok: true, balanceCents: 0 }),
    accountOf: (t) => accountFingerprint(t, keys),
    auditFor: (t) => stores.scope(t).audit,
    clock: systemClock,
    logger: silentLogger,
    // One owner per concurrent seeder: the index lease lets its own owner in again.
    ownerId,
  });
}

export const INSTALLER: UserRef = { platform: 'slack', id: 'U0ADMIN', name: 'admin' };

/** A messenger that answers like Slack and notes when each receipt (a post in a card's thread) went out. */
export function receiptMessenger(onReceipt: (cardMessageId: string, at: number) => void): Messenger {
  let seq = 0;
  const ref = (channelId: string): MessageRef => ({ platform: 'slack', channelId, messageId: `m${++seq}` });
  return {
    platform: 'slack',
    async post(to: ConversationRef, _reply, options) {
      if (options?.thread) onReceipt(options.thread.messageId, Date.now());
      return ref(to.channelId);
    },
    async update() {},
    async dm(user: UserRef) {
      return ref(`D-${user.id}`);
    },
  };
}

export interface BenchHub {
  readonly hub: TenantHub;
  readonly stores: Stores;
}

/** The hub as src/app.ts builds it in workspaces mode, on Redis, against the simulator at `apiUrl`. */
export async function openHub(options: {
  readonly redisUrl: string;
  readonly namespace: string;
  readonly apiUrl: string;
  readonly ownerId: string;
  readonly onReceipt?: (tenant: TenantId, cardMessageId: string, at: number) => void;
}): Promise<BenchHub> {
  const keys = benchKeys();
  // MLBOT_BENCH_LOG=warn shows what the bots log (the app's scrubbing logger); silent by default.
  const level = process.env.MLBOT_BENCH_LOG;
  const logger = level ? createLogger({ level, pretty: false }) : silentLogger;
  const stores = await createStores(options.redisUrl, { namespace: options.namespace });
  const storesFor = (tenant: TenantId) => stores.scope(tenant);
  const pool = new AccountPool({
    baseUrl: options.apiUrl,
    clock: systemClock,
    logger,
    keys,
    budgetFor: (account) =>
      stores.budget(BILLING_PER_MIN, { capPerWindow: BILLING_PER_MIN, ...(account ? { account } : {}) }),
  });
  const directory = new Directory({
    tenancy: 'workspaces',
    kv: stores.kv,
    leases: stores.leases,
    box: createSecretBox(keys),
    defaults: () => ENV_SETTINGS,
    checkToken: (t) => pool.checkToken(t),
    accountOf: (t) => pool.accountOf(t),
    auditFor: (t) => storesFor(t).audit,
    clock: systemClock,
    logger,
    ownerId: options.ownerId,
  });
  const basePolicy = makePolicy({ sandbox: true });
  const hub = new TenantHub({
    directory,
    accounts: pool,
    storesFor,
    policyFor: (s) => settingsToPolicy(basePolicy, s),
    messengersFor: (tenant) =>
      new Map([['slack', receiptMessenger((card, at) => options.onReceipt?.(tenant, card, at))]]),
    kv: stores.kv,
    clock: systemClock,
    logger,
    billingPerMinute: BILLING_PER_MIN,
    billingPerMinuteCap: BILLING_PER_MIN,
    ownerId: options.ownerId,
    sandbox: true,
  });
  directory.onChange(hub);
  return { hub, stores };
}
