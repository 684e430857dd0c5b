/**
 * The ModelsLab Agent Control Plane simulator: a real HTTP server with state that serves
 * docs/api-contract.md and the simulated Stripe Checkout pages, with controls for tests and demos.
 * With `stateFile` its state survives a restart (docs/sandbox.md); without, it lives in memory.
 * It serves many accounts (./accounts.ts): the configured tokens are the original account, and
 * any other token `sandbox-<name>` is an account of its own, opened on first use.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../core/shared/ports.ts';
import type { HttpHandler } from '../http/router.ts';
import { Accounts, type AccountsMode, type SimAccount } from './accounts.ts';
import { cardControls, cardViews } from './card-controls.ts';
import { Faults } from './faults.ts';
import type { CheckoutSessionRecord } from './model.ts';
import { SimPersistence } from './persistence.ts';
import { RateLimiter } from './rate-limit.ts';
import { API_PREFIX, type CallRecord, createHandler } from './server.ts';
import type { SessionView, SimulatorControls, SimulatorState } from './simulator-api.ts';
import { iso } from './wire.ts';

export { type AccountsMode, accountNameOf } from './accounts.ts';
export type { AddCardOptions, AddedCard, CardView, PaymentView } from './card-controls.ts';
export type { BillingInfoRecord, CardBehaviour, SubscriptionStatus } from './model.ts';
export { DEMO_USER, PLANS } from './seed.ts';
export type { CallRecord } from './server.ts';
export type {
  AccountControls,
  AccountView,
  SessionView,
  SimulatorControls,
  SimulatorState,
} from './simulator-api.ts';
export { sandboxStateFileFor } from './state-file.ts';

const MIN_LIFETIME_MS = 30 * 60_000;
const MAX_LIFETIME_MS = 24 * 60 * 60_000;

export interface SimulatorOptions {
  /** Drives session expiry and rate-limit windows. Default: systemClock. */
  clock?: Clock;
  /** The original account's bearer tokens. Default: ['sandbox-token']. */
  tokens?: string[];
  /**
   * `many` (default): any other token `sandbox-<name>` (letters, digits, `-`, 1..40 after the
   * prefix) is an account of its own, opened on first use with the seed data (wallet $42.50).
   * `single`: only the original account; every other token is 401.
   */
  accounts?: AccountsMode;
  /** Checkout session lifetime; default 24 h, clamped to 30 min..24 h like Stripe. */
  sessionLifetimeMs?: number;
  /** Absolute base for payment_url (e.g. http://127.0.0.1:3000/sandbox). Default: the started server's url. */
  publicBaseUrl?: string;
  /** Billing calls per account per minute. Default 15. */
  billingPerMin?: number;
  /** Other calls per account per minute. Default 120. */
  generalPerMin?: number;
  /**
   * Who shares a rate-limit window: `account` (default; ModelsLab's limit is per account, every
   * token of it counts together) or `token` (each token its own window: a benchmark that seeds
   * links with extra tokens of the account without spending the budget it measures).
   */
  rateLimitPer?: 'account' | 'token';
  /** Random numbers in [0, 1) for setFailureRate. Default Math.random. */
  random?: () => number;
  /**
   * Keep the state (wallet, sessions, coupons, invoices, idempotency replays…) in this JSON file,
   * saved atomically after every change and read back at creation. Default: memory only.
   */
  stateFile?: string;
  /** Told when the state file could not be read and was moved aside (the seed data is used). */
  onProblem?: (message: string) => void;
}

export interface Simulator {
  /** Serves /api/agents/v1/* and /checkout/* (req.url relative to the mount point). */
  readonly handler: HttpHandler;
  /** Port 0 (the default) picks a free port on 127.0.0.1. apiUrl = url + '/api/agents/v1'. */
  start(port?: number): Promise<{ url: string; apiUrl: string }>;
  /** Ends hanging calls, closes connections and the server. */
  stop(): Promise<void>;
  readonly controls: SimulatorControls;
  readonly state: SimulatorState;
}

function sessionView(s: CheckoutSessionRecord): SessionView {
  return {
    id: s.id,
    purpose: s.purpose,
    amount: s.amountCents / 100,
    planId: s.planId,
    status: s.status,
    paymentStatus: s.paymentStatus,
    expiresAt: iso(s.expiresAt),
    credits: s.credits,
  };
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? systemClock;
  const accounts = new Accounts(clock, options.tokens ?? ['sandbox-token'], options.accounts ?? 'many');
  const faults = new Faults(clock, options.random ?? Math.random);
  const limiter = new RateLimiter(clock, {
    billing: options.billingPerMin ?? 15,
    general: options.generalPerMin ?? 120,
  });
  const calls: CallRecord[] = [];
  const hung = new Set<ServerResponse>();
  const lifetime = Math.min(MAX_LIFETIME_MS, Math.max(MIN_LIFETIME_MS, options.sessionLifetimeMs ?? MAX_LIFETIME_MS));
  let server: Server | undefined;
  let ownUrl: string | undefined;

  const persistence = new SimPersistence(options.stateFile, accounts);
  persistence.load(clock, options.onProblem);
  const save = () => persistence.save();
  const cards = cardControls(accounts, save);

  const resetCoupons = (account?: SimAccount) => {
    for (const a of account ? [account] : accounts.list()) a.state.resetCoupons();
    save();
  };
  const resetAll = (account?: SimAccount) => {
    if (account) {
      account.reset();
      accountFaults.delete(account.name);
    } else {
      accounts.reset();
      faults.reset();
      accountFaults.clear();
      limiter.reset();
      calls.length = 0;
    }
    save();
  };
  /** The named account (original when left out); undefined for one never used. */
  const find = (name: string | undefined) => (name === undefined ? accounts.original : accounts.get(name));
  const sessionOwner = (id: string) => {
    const owner = accounts.ownerOfSession(id);
    if (!owner) throw new Error(`unknown checkout session ${id}`);
    return owner;
  };

  // Faults aimed at one account; made on first use, forgotten with a reset.
  const accountFaults = new Map<string, Faults>();
  const faultsOf = (name: string) => {
    let f = accountFaults.get(name);
    if (!f) {
      f = new Faults(clock, options.random ?? Math.random);
      accountFaults.set(name, f);
    }
    return f;
  };

  const handler = createHandler({
    accounts,
    faults,
    accountFaults: (name) => accountFaults.get(name),
    rateLimitPer: options.rateLimitPer ?? 'account',
    limiter,
    clock,
    sessionLifetimeMs: lifetime,
    calls,
    hung,
    stateFile: persistence.path,
    changed: save,
    resetCoupons,
    resetAll,
    cards,
    publicBase: (req) => options.publicBaseUrl ?? ownUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`,
  });

  const controls: SimulatorControls = {
    markPaid: (id) => {
      sessionOwner(id).state.pay(id);
      save();
    },
    expire: (id) => {
      sessionOwner(id).state.expire(id);
      save();
    },
    setLatency: (ms) => {
      faults.latencyMs = Math.max(0, ms);
    },
    setFailureRate: (share, status = 500) => {
      faults.failureRate = Math.min(1, Math.max(0, share));
      faults.failureStatus = status;
    },
    failNext: (n, status = 500) => faults.failNext(n, status),
    hangNext: (n) => faults.hangNext(n),
    malformedNext: (n) => faults.malformedNext(n),
    rateLimitStorm: (ms) => faults.storm(ms),
    setUnwrapped: (on) => {
      faults.unwrapped = on;
    },
    setMoneyAsStrings: (on) => {
      faults.moneyAsStrings = on;
    },
    setBalance: (dollars, account) => {
      const a = account === undefined ? accounts.original : accounts.named(account);
      a.state.balanceCents = Math.round(dollars * 100);
      save();
    },
    resetCoupons: (account) => {
      if (account === undefined) return resetCoupons();
      const a = accounts.get(account);
      if (!a) throw new Error(`no sandbox account ${account}`);
      resetCoupons(a);
    },
    reset: () => resetAll(),
    addCard: (behaviour, options) => cards.addCard(behaviour, options),
    settlePayment: (id, outcome) => cards.settlePayment(id, outcome),
    pastDue: (subscriptionId, account) => cards.pastDue(subscriptionId, account),
    settlePendingPayments: (account) => cards.settlePending(account),
    account: (name) => {
      // Looked up at each call: after a reset the account is a new one (reopened on demand).
      const a = () => accounts.named(name);
      a();
      save();
      return {
        name,
        failNext: (n, status = 500) => faultsOf(a().name).failNext(n, status),
        hangNext: (n) => faultsOf(a().name).hangNext(n),
        malformedNext: (n) => faultsOf(a().name).malformedNext(n),
        rateLimitStorm: (ms) => faultsOf(a().name).storm(ms),
        setBalance: (dollars) => {
          a().state.balanceCents = Math.round(dollars * 100);
          save();
        },
        resetCoupons: () => resetCoupons(a()),
        addCard: (behaviour, options) => cards.addCard(behaviour, { ...options, account: a().name }),
        pastDue: (subscriptionId) => cards.pastDue(subscriptionId, a().name),
        reset: () => resetAll(a()),
      };
    },
  };

  const simState: SimulatorState = {
    balance: (account) => (find(account)?.state.balanceCents ?? 0) / 100,
    session: (id) => {
      const s = accounts.ownerOfSession(id)?.state.session(id);
      return s && sessionView(s);
    },
    sessions: (account) => {
      const state = find(account)?.state;
      return state ? [...state.sessions.keys()].map((id) => sessionView(state.session(id)!)) : [];
    },
    creditsFor: (id) => accounts.ownerOfSession(id)?.state.sessions.get(id)?.credits ?? 0,
    sessionAccount: (id) => accounts.ownerOfSession(id)?.name,
    accounts: () =>
      accounts.list().map((a) => ({
        name: a.name,
        original: a === accounts.original,
        balance: a.state.balanceCents / 100,
        openSessions: a.openSessions().length,
      })),
    ...cardViews(accounts, save),
    calls: () => calls,
    stateFile: persistence.path,
  };

  return {
    handler,
    controls,
    state: simState,
    async start(port = 0) {
      if (server) throw new Error('simulator already started');
      const s = createServer((req, res) => {
        Promise.resolve(handler(req, res)).catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`simulator error: ${String(err)}`);
        });
      });
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      const { port: bound } = s.address() as AddressInfo;
      ownUrl = `http://127.0.0.1:${bound}`;
      return { url: ownUrl, apiUrl: `${ownUrl}${API_PREFIX}` };
    },
    async stop() {
      for (const res of hung) res.destroy();
      hung.clear();
      const s = server;
      server = undefined;
      ownUrl = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
