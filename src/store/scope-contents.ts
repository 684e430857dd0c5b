/**
 * What one tenant's scope holds, as `Stores.dropScope` counts it before deleting it (offboarding,
 * a data-deletion request: src/tenants/erase.ts). Counts only: no id, key or value leaves here.
 */
export interface ScopeContents {
  /** Stored payment requests (keyv `req:` values). */
  readonly requests: number;
  /** Every other keyv value of the tenant: settings, alert state, pay-link and session records, … */
  readonly values: number;
  /** Once (dedupe) claims, expired or not. */
  readonly claims: number;
  readonly leases: number;
  /** Entries of the open and creation-time indexes. */
  readonly indexEntries: number;
  readonly auditEntries: number;
}

export const EMPTY_SCOPE: ScopeContents = {
  requests: 0,
  values: 0,
  claims: 0,
  leases: 0,
  indexEntries: 0,
  auditEntries: 0,
};

export function addContents(a: ScopeContents, b: Partial<ScopeContents>): ScopeContents {
  return {
    requests: a.requests + (b.requests ?? 0),
    values: a.values + (b.values ?? 0),
    claims: a.claims + (b.claims ?? 0),
    leases: a.leases + (b.leases ?? 0),
    indexEntries: a.indexEntries + (b.indexEntries ?? 0),
    auditEntries: a.auditEntries + (b.auditEntries ?? 0),
  };
}

/** Redis MATCH patterns are globs: a namespace is the operator's text and may hold `*` or `[`. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
