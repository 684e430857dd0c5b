/**
 * In-process backend for tests, the playground and single-process demos. Everything here is
 * synchronous under the hood, so each operation is atomic without locks. `now` is injectable so
 * leases and claims follow a simulated clock in watcher tests.
 */
import type { RateBudget } from '../core/shared/ports.ts';
import type { StorePrimitives } from './primitives.ts';
import { type BudgetLimits, GrantLog, MemoryRateBudget } from './rate-budget.ts';
import { EMPTY_SCOPE, type ScopeContents } from './scope-contents.ts';

interface Held {
  readonly owner: string;
  readonly expiresAt: number;
}

export class MemoryPrimitives implements StorePrimitives {
  readonly #now: () => number;
  readonly #claims = new Map<string, number>();
  readonly #leases = new Map<string, Held>();
  readonly #open = new Set<string>();
  readonly #created = new Map<string, number>();
  /** Kept sorted by `at`; appends are almost always at the end. */
  readonly #audit: { at: number; json: string }[] = [];
  /** One log of billing grants for every budget this store hands out (watcher and engine alike). */
  readonly #grants = new GrantLog();
  /** Per-account logs (workspaces mode: one per ModelsLab token fingerprint). */
  readonly #accountGrants = new Map<string, GrantLog>();
  /** Each tenant's part, kept so dropScope can empty the very maps a running engine holds. */
  readonly #scopes = new Map<string, MemoryPrimitives>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const until = this.#claims.get(key);
    if (until !== undefined && until > now) return false;
    this.#claims.set(key, now + ttlMs);
    if (this.#claims.size % 1024 === 0) this.#sweepClaims(now);
    return true;
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const held = this.#leases.get(key);
    if (held && held.expiresAt > now && held.owner !== owner) return false;
    this.#leases.set(key, { owner, expiresAt: now + ttlMs });
    return true;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const held = this.#leases.get(key);
    if (!held || held.owner !== owner || held.expiresAt <= now) return false;
    this.#leases.set(key, { owner, expiresAt: now + ttlMs });
    return true;
  }

  async timeLeft(key: string): Promise<number> {
    return Math.max(0, (this.#leases.get(key)?.expiresAt ?? 0) - this.#now());
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }

  async openAdd(id: string): Promise<void> {
    this.#open.add(id);
  }

  async openRemove(id: string): Promise<void> {
    this.#open.delete(id);
  }

  async openIds(): Promise<string[]> {
    return [...this.#open];
  }

  async *openIdBatches(batchSize: number): AsyncIterable<string[]> {
    // A copy of the ids, not of the requests: changes during the walk show when each batch is read.
    const ids = [...this.#open];
    for (let i = 0; i < ids.length; i += batchSize) yield ids.slice(i, i + batchSize);
  }

  async createdAdd(id: string, createdAt: number): Promise<void> {
    this.#created.set(id, createdAt);
  }

  async createdSince(sinceMs: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, at] of this.#created) if (at >= sinceMs) ids.push(id);
    return ids;
  }

  async auditAppend(at: number, json: string): Promise<void> {
    let i = this.#audit.length;
    while (i > 0 && (this.#audit[i - 1]?.at ?? 0) > at) i--;
    this.#audit.splice(i, 0, { at, json });
  }

  async auditSince(sinceMs: number): Promise<string[]> {
    let lo = 0;
    let hi = this.#audit.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#audit[mid]?.at ?? 0) < sinceMs) lo = mid + 1;
      else hi = mid;
    }
    return this.#audit.slice(lo).map((e) => e.json);
  }

  budget(perMinute: number, limits: BudgetLimits = {}, account?: string): RateBudget {
    return new MemoryRateBudget(perMinute, limits, account === undefined ? this.#grants : this.#accountLog(account));
  }

  /** A tenant's part is simply its own maps: nothing is shared, so nothing can leak. */
  scoped(prefix: string): StorePrimitives {
    let scoped = this.#scopes.get(prefix);
    if (!scoped) {
      scoped = new MemoryPrimitives(this.#now);
      this.#scopes.set(prefix, scoped);
    }
    return scoped;
  }

  /** The keyv values live in keyv's own map: the store (index.ts) drops those. */
  async dropScope(prefix: string, dryRun: boolean): Promise<ScopeContents> {
    const scoped = this.#scopes.get(prefix);
    if (!scoped) return EMPTY_SCOPE;
    const contents = scoped.#contents();
    if (!dryRun) scoped.#clear();
    return contents;
  }

  #contents(): ScopeContents {
    return {
      ...EMPTY_SCOPE,
      claims: this.#claims.size,
      leases: this.#leases.size,
      indexEntries: this.#open.size + this.#created.size,
      auditEntries: this.#audit.length,
    };
  }

  #clear(): void {
    this.#claims.clear();
    this.#leases.clear();
    this.#open.clear();
    this.#created.clear();
    this.#audit.length = 0;
    this.#accountGrants.clear();
  }

  #accountLog(account: string): GrantLog {
    let log = this.#accountGrants.get(account);
    if (!log) {
      log = new GrantLog();
      this.#accountGrants.set(account, log);
    }
    return log;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}

  #sweepClaims(now: number): void {
    for (const [key, until] of this.#claims) if (until <= now) this.#claims.delete(key);
  }
}
