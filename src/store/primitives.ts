/**
 * What each backend (memory, sqlite, redis) must do atomically or in order, beneath the keyv
 * values: set-if-absent with expiry, owner-checked leases, the open-requests set, the
 * creation-time index and the append-only audit log. The repositories in this folder are
 * written once against this interface; each backend implements it with its native tools.
 */
import type { LeaseStore, OnceStore, RateBudget } from '../core/shared/ports.ts';
import type { BudgetLimits } from './rate-budget.ts';
import type { ScopeContents } from './scope-contents.ts';

export interface StorePrimitives extends OnceStore, LeaseStore {
  openAdd(id: string): Promise<void>;
  openRemove(id: string): Promise<void>;
  openIds(): Promise<string[]>;
  /**
   * The open ids in batches of about `batchSize` (Redis treats it as a hint), each read when it is
   * reached. An id in the set for the whole walk comes at least once; Redis may repeat one if the
   * set is rehashed meanwhile.
   */
  openIdBatches(batchSize: number): AsyncIterable<string[]>;
  createdAdd(id: string, createdAt: number): Promise<void>;
  /** Ids created at or after `sinceMs`, in any order. */
  createdSince(sinceMs: number): Promise<string[]>;
  auditAppend(at: number, json: string): Promise<void>;
  /** Serialised entries at or after `sinceMs`, oldest first, ties in append order. */
  auditSince(sinceMs: number): Promise<string[]>;
  /**
   * `perMinute`: the starting guess; `limits`: the cap and floor a learned limit stays within;
   * `account` (validated by the caller): that account's own budget instead of the root one.
   */
  budget(perMinute: number, limits?: BudgetLimits, account?: string): RateBudget;
  /**
   * The same backend under a tenant's key prefix (`t:<tenant>`): the same connection, none of
   * this one's once claims, leases, indexes or audit rows. Cheap: no I/O, no new connection.
   */
  scoped(prefix: string): StorePrimitives;
  /**
   * Everything under the scope `prefix` (`t:<tenant>`) of this backend, its keyv values included
   * (memory: the caller drops those), counted and, unless `dryRun`, deleted. Never this
   * backend's own (root) data, never another prefix's.
   */
  dropScope(prefix: string, dryRun: boolean): Promise<ScopeContents>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
