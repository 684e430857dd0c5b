/**
 * The ModelsLab Agent Control Plane simulator: a real HTTP server with state that serves
 * docs/api-contract.md and the simulated Stripe Checkout pages, with controls for tests and demos.
 * With `stateFile` its state survives a restart (docs/sandbox.md); without, it lives in memory.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../core/shared/ports.ts';
import type { HttpHandler } from '../http/router.ts';
import { Faults } from './faults.ts';
import { IdempotencyCache } from './idempotency.ts';
import type { CheckoutSessionRecord } from './model.ts';
import { SimPersistence } from './persistence.ts';
import { RateLimiter } from './rate-limit.ts';
import { API_PREFIX, type CallRecord, createHandler } from './server.ts';
import { SimState } from './state.ts';
import { iso } from './wire.ts';

export { DEMO_USER, PLANS } from './seed.ts';
export type { CallRecord } from './server.ts';
export { sandboxStateFileFor } from './state-file.ts';

const MIN_LIFETIME_MS = 30 * 60_000;
const MAX_LIFETIME_MS = 24 * 60 * 60_000;

export interface SimulatorOptions {
  /** Drives session expiry and rate-limit windows. Default: systemClock. */
  clock?: Clock;
  /** Accepted bearer tokens. Default: ['sandbox-token']. */
  tokens?: string[];
  /** Checkout session lifetime; default 24 h, clamped to 30 min..24 h like Stripe. */
  sessionLifetimeMs?: number;
  /** Absolute base for payment_url (e.g. http://127.0.0.1:3000/sandbox). Default: the started server's url. */
  publicBaseUrl?: string;
  /** Billing calls per token per minute. Default 15. */
  billingPerMin?: number;
  /** Other calls per token per minute. Default 120. */
  generalPerMin?: number;
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

export interface SessionView {
  id: string;
  purpose: 'fund' | 'subscribe';
  /** Dollars: the fund amount, or the plan's price for a subscribe session. */
  amount: number | null;
  planId: number | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'unpaid' | 'paid';
  expiresAt: string;
  credits: number;
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

export interface SimulatorControls {
  /** As if the payer clicked Pay on the checkout page. Throws for an unknown or expired session. */
  markPaid(sessionId: string): void;
  /** An open session expires now. Throws for an unknown session; a paid one stays paid. */
  expire(sessionId: string): void;
  setLatency(ms: number): void;
  /** Share (0..1) of API calls answering `status` (default 500) with code server_error. */
  setFailureRate(share: number, status?: number): void;
  failNext(n: number, status?: number): void;
  /** The next n API calls never answer (until stop). */
  hangNext(n: number): void;
  /** The next n API calls answer 200 with a broken JSON body (after the call took effect). */
  malformedNext(n: number): void;
  /** Every API call answers 429 (Retry-After) for durationMs of clock time. */
  rateLimitStorm(durationMs: number): void;
  /** stripe-config and payment-link bodies without the envelope. */
  setUnwrapped(on: boolean): void;
  /** Money fields as strings like "75.50". */
  setMoneyAsStrings(on: boolean): void;
  setBalance(dollars: number): void;
  /** Every seeded coupon usable again (as at the first start); past redemptions stay in the ledger. */
  resetCoupons(): void;
  /** Back to seed data, initial tokens, empty rate windows and idempotency cache, no faults. */
  reset(): void;
}

export interface SimulatorState {
  /** Dollars. */
  balance(): number;
  session(id: string): SessionView | undefined;
  sessions(): SessionView[];
  /** Times this session credited the wallet / activated a subscription (never above 1). */
  creditsFor(sessionId: string): number;
  calls(): ReadonlyArray<CallRecord>;
  /** Where the state is kept; undefined in memory. */
  readonly stateFile: string | undefined;
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
  const state = new SimState(clock, options.tokens ?? ['sandbox-token']);
  const faults = new Faults(clock, options.random ?? Math.random);
  const limiter = new RateLimiter(clock, {
    billing: options.billingPerMin ?? 15,
    general: options.generalPerMin ?? 120,
  });
  const idempotency = new IdempotencyCache();
  const calls: CallRecord[] = [];
  const hung = new Set<ServerResponse>();
  const lifetime = Math.min(MAX_LIFETIME_MS, Math.max(MIN_LIFETIME_MS, options.sessionLifetimeMs ?? MAX_LIFETIME_MS));
  let server: Server | undefined;
  let ownUrl: string | undefined;

  const persistence = new SimPersistence(options.stateFile, state, idempotency);
  persistence.load(clock, options.onProblem);
  const save = () => persistence.save();

  const resetCoupons = () => {
    state.resetCoupons();
    save();
  };
  const resetAll = () => {
    state.reset();
    faults.reset();
    limiter.reset();
    idempotency.reset();
    calls.length = 0;
    save();
  };

  const handler = createHandler({
    state,
    faults,
    limiter,
    idempotency,
    clock,
    sessionLifetimeMs: lifetime,
    calls,
    hung,
    stateFile: persistence.path,
    changed: save,
    resetCoupons,
    resetAll,
    publicBase: (req) => options.publicBaseUrl ?? ownUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`,
  });

  const controls: SimulatorControls = {
    markPaid: (id) => {
      state.pay(id);
      save();
    },
    expire: (id) => {
      state.expire(id);
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
    setBalance: (dollars) => {
      state.balanceCents = Math.round(dollars * 100);
      save();
    },
    resetCoupons,
    reset: resetAll,
  };

  const simState: SimulatorState = {
    balance: () => state.balanceCents / 100,
    session: (id) => {
      const s = state.session(id);
      return s && sessionView(s);
    },
    sessions: () => [...state.sessions.keys()].map((id) => sessionView(state.session(id)!)),
    creditsFor: (id) => state.sessions.get(id)?.credits ?? 0,
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
