/**
 * In-test fakes of our own ports (billing, stores, watcher) for the rule tests. The flow tests
 * use the real simulator, billing client, stores and watcher instead.
 */

import { type AuditEntry, isOpen, type PaymentRequest } from '../../src/core/requests/request.ts';
import { BillingSchemaError, BillingUnavailableError } from '../../src/core/shared/errors.ts';
import type {
  AuditLog,
  BillingPort,
  CheckoutWatch,
  CheckoutWatcher,
  KeyValueStore,
  LeaseStore,
  OnceStore,
  PaymentLink,
  PaymentLinkInput,
  Plan,
  PromptCheck,
  RequestStore,
} from '../../src/core/shared/ports.ts';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryRequests implements RequestStore {
  readonly rows = new Map<string, PaymentRequest>();
  async get(id: string) {
    const r = this.rows.get(id);
    return r ? clone(r) : undefined;
  }
  async put(r: PaymentRequest) {
    this.rows.set(r.id, clone(r));
  }
  async listOpen() {
    return [...this.rows.values()].filter((r) => isOpen(r.state)).map(clone);
  }
  async listSince(sinceMs: number) {
    return [...this.rows.values()]
      .filter((r) => r.createdAt >= sinceMs)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(clone);
  }
}

export class MemoryOnce implements OnceStore {
  readonly #seen = new Set<string>();
  async claim(key: string) {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}

export class MemoryLeases implements LeaseStore {
  readonly #held = new Map<string, string>();
  async acquire(key: string, owner: string) {
    const h = this.#held.get(key);
    if (h && h !== owner) return false;
    this.#held.set(key, owner);
    return true;
  }
  async renew(key: string, owner: string) {
    return this.#held.get(key) === owner;
  }
  async release(key: string, owner: string) {
    if (this.#held.get(key) === owner) this.#held.delete(key);
  }
}

export class MemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(e: AuditEntry) {
    this.entries.push(clone(e));
  }
  async list(sinceMs: number) {
    return this.entries.filter((e) => e.at >= sinceMs);
  }
}

export class MemoryKv implements KeyValueStore {
  readonly #m = new Map<string, unknown>();
  async get<T>(k: string) {
    return this.#m.get(k) as T | undefined;
  }
  async set<T>(k: string, v: T) {
    this.#m.set(k, clone(v));
  }
  async delete(k: string) {
    this.#m.delete(k);
  }
}

/**
 * Records what the engine asks of the watcher. `watching`: the latest watch per request (by
 * request id, as tests look it up); `sessions`: every session handed over, by session id, with
 * its latest priority. The real watcher's timing has its own tests (test/watcher).
 */
export class FakeWatcher implements CheckoutWatcher {
  readonly watching = new Map<string, CheckoutWatch>();
  readonly sessions = new Map<string, CheckoutWatch>();
  readonly nudged: string[] = [];
  /** What `checkNow` answers ("I've paid"). */
  prompt: PromptCheck = { kind: 'answered', outcome: { status: 'pending', reason: 'not paid yet' } };
  watch(w: CheckoutWatch) {
    const known = this.sessions.get(w.sessionId);
    this.sessions.set(w.sessionId, known?.background && !w.background ? known : w);
    const latest = this.watching.get(w.requestId);
    if (!latest || latest.attempt <= w.attempt) this.watching.set(w.requestId, this.sessions.get(w.sessionId)!);
  }
  nudge(sessionId: string) {
    this.nudged.push(sessionId);
  }
  unwatch(sessionId: string) {
    this.sessions.delete(sessionId);
  }
  async checkNow(_w: CheckoutWatch): Promise<PromptCheck> {
    return this.prompt;
  }
  size() {
    return this.sessions.size;
  }
}

export const PLANS: Plan[] = [
  { id: 1, name: 'Basic', category: 'normal', period: 'monthly', priceCents: 2900, features: ['API'] },
  { id: 2, name: 'Pro', category: 'normal', period: 'monthly', priceCents: 4900, features: ['API', 'Priority'] },
];

/**
 * The engine's billing port, faked (the harness's `h.billing`): creates links with stable ids per
 * idempotency key (like ModelsLab's replay) and answers the reads. Not the watcher's fake
 * (test/watcher/fake-billing.ts, FakeBilling: checkout sessions and ModelsLab's 15/min window).
 */
export class FakeEngineBilling implements Partial<BillingPort> {
  readonly links = new Map<string, PaymentLink & { input: PaymentLinkInput }>();
  down = false;
  /** The next N payment-link calls create (or replay) the session, then answer unreadably. */
  garbledNext = 0;
  readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }
  async createPaymentLink(input: PaymentLinkInput, key: string): Promise<PaymentLink> {
    if (this.down) throw new BillingUnavailableError('/billing/payment-link', 'connection refused');
    let link = this.links.get(key);
    if (!link) {
      const sessionId = `cs_test_${key.replace(/[^a-z0-9]/gi, '')}`;
      link = { sessionId, paymentUrl: `https://pay.example/${sessionId}`, expiresAt: this.now() + 3_600_000, input };
      this.links.set(key, link);
    }
    if (this.garbledNext > 0) {
      this.garbledNext -= 1;
      throw new BillingSchemaError('/billing/payment-link', ['data.payment_url: expected string']);
    }
    return link;
  }
  async confirmCheckout() {
    return { status: 'pending', reason: 'open' } as const;
  }
  async listPlans() {
    return PLANS;
  }
  async getBalance() {
    return { balanceCents: 12_345, currency: 'USD' };
  }
  async listTransactions() {
    return { items: [], total: 0, offset: 0, limit: 5 };
  }
  async getAutoFunding() {
    return { enabled: false };
  }
  async listSubscriptions() {
    return [];
  }
}
