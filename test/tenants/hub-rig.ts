/**
 * The hub as the app wires it, over the real simulator (through a loopback proxy that notes which
 * bearer token each call carried), one memory store with a scope per tenant, one budget per
 * account fingerprint (Stores.budget's `account`), core's settingsToPolicy, and recording
 * messengers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makePolicy, type Policy } from '../../src/core/shared/policy.ts';
import { type Logger, type RateBudget, silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { TenantId } from '../../src/core/shared/tenant.ts';
import type { Platform } from '../../src/core/shared/types.ts';
import type { TenantSettings } from '../../src/core/shared/workspace-ports.ts';
import { settingsToPolicy } from '../../src/core/workspace/index.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores, type TenantStores } from '../../src/store/index.ts';
import { AccountPool } from '../../src/tenants/accounts.ts';
import { Directory } from '../../src/tenants/directory.ts';
import { TenantHub } from '../../src/tenants/hub.ts';
import { createSecretBox } from '../../src/tenants/secret-box.ts';
import type { RetiredKeep } from '../../src/tenants/session-accounts.ts';
import { FAST_WATCHER, TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';

export const ENV_SETTINGS: TenantSettings = {
  approvers: { slack: ['U-approver'], discord: [], web: [] },
  approvalThresholdCents: 0,
  maxFundCents: 100_000,
  allowSelfApproval: false,
  approvalTtlMs: 86_400_000,
  requestsPerMinute: 50,
};

const BASE_POLICY = makePolicy({ sandbox: true });
export const policyFor = (s: TenantSettings): Policy => settingsToPolicy(BASE_POLICY, s);

export interface HubRig {
  readonly sim: Simulator;
  readonly hub: TenantHub;
  readonly directory: Directory;
  readonly pool: AccountPool;
  readonly root: Stores;
  /** Each tenant's own stores (the root store's scope). */
  storesOf(tenant: TenantId): TenantStores;
  /** Each tenant's messenger (one platform per tenant). */
  messengerOf(tenant: TenantId): RecordingMessenger;
  /** Bearer token of every call that reached ModelsLab, in order, with its path. */
  readonly seen: Array<{ token: string; path: string }>;
  budgets: Map<string, RateBudget>;
  /** A second hub on the same stores (a restart). */
  restart(): Promise<TenantHub>;
  close(): Promise<void>;
}

export interface HubRigOptions {
  readonly drainCheckMs?: number;
  /** Every component's logger (default silent); tests grep it for tokens. */
  readonly logger?: Logger;
  readonly retiredKeep?: RetiredKeep;
  /** The hub's `platformLocale` (the app: a Discord server's preferred locale). */
  readonly platformLocale?: (tenant: TenantId) => string | undefined;
}

export async function startHubRig(tokens: string[], options: HubRigOptions = {}): Promise<HubRig> {
  const logger = options.logger ?? silentLogger;
  const sim = createSimulator({ billingPerMin: TEST_BILLING_PER_MIN, tokens });
  const { apiUrl } = await sim.start(0);
  const seen: Array<{ token: string; path: string }> = [];
  const target = new URL(apiUrl);
  const proxy: Server = createServer((req, res) => {
    seen.push({ token: (req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''), path: req.url ?? '' });
    const up = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const root = await createStores('memory://');
  const storesOf = (tenant: TenantId) => root.scope(tenant);
  const messengers = new Map<TenantId, RecordingMessenger>();
  const platformOf = (t: TenantId) => t.split(':')[0] as Platform;
  const messengerOf = (tenant: TenantId) => {
    let m = messengers.get(tenant);
    if (!m) {
      m = new RecordingMessenger(platformOf(tenant));
      messengers.set(tenant, m);
    }
    return m;
  };
  const budgets = new Map<string, RateBudget>();
  const keys = [{ id: 'k1', key: randomBytes(32) }];
  const pool = new AccountPool({
    baseUrl: `${proxyUrl}${target.pathname}`,
    clock: systemClock,
    logger,
    keys,
    retry: { limit: 0 },
    budgetFor: (account) => {
      const key = account ?? '';
      const b = root.budget(TEST_BILLING_PER_MIN, account ? { account } : {});
      budgets.set(key, b);
      return b;
    },
  });
  const directory = new Directory({
    tenancy: 'workspaces',
    kv: root.kv,
    leases: root.leases,
    box: createSecretBox(keys),
    defaults: () => ENV_SETTINGS,
    checkToken: (t) => pool.checkToken(t),
    accountOf: (t) => pool.accountOf(t),
    auditFor: (t) => storesOf(t).audit,
    clock: systemClock,
    logger,
  });
  const hubs: TenantHub[] = [];
  const makeHub = () => {
    const hub = new TenantHub({
      directory,
      accounts: pool,
      storesFor: storesOf,
      policyFor,
      messengersFor: (t) => new Map([[platformOf(t), messengerOf(t)]]),
      kv: root.kv,
      clock: systemClock,
      logger,
      billingPerMinute: TEST_BILLING_PER_MIN,
      payLinkBase: 'https://mlbot.example.com',
      ownerId: 'test',
      sandbox: true,
      drainCheckMs: options.drainCheckMs ?? 50,
      ...(options.retiredKeep ? { retiredKeep: options.retiredKeep } : {}),
      ...(options.platformLocale ? { platformLocale: options.platformLocale } : {}),
      bot: { watcherOptions: FAST_WATCHER, sweepIntervalMs: 60_000 },
    });
    hubs.push(hub);
    return hub;
  };
  const hub = makeHub();
  directory.onChange(hub);
  const rig: HubRig = {
    sim,
    hub,
    directory,
    pool,
    root,
    storesOf,
    messengerOf,
    seen,
    budgets,
    async restart() {
      await hub.stop();
      const next = makeHub();
      directory.onChange(next);
      await next.start();
      return next;
    },
    async close() {
      await Promise.allSettled(hubs.map((h) => h.stop()));
      await root.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await sim.stop();
    },
  };
  return rig;
}
