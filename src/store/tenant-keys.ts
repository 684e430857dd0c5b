/**
 * The key parts that keep tenants and accounts apart in one store. A tenant's data lives under
 * `t:<tenant>` (Redis `<ns>:t:slack:T123:…`, sqlite rows with ns `<ns>:t:slack:T123`, keyv keys
 * `<ns>:t:slack:T123:req:…`). Root keys never start with `t:` (they are `req:`, `kv:`, `once:`,
 * `lease:`, `open`, `created`, `audit`, `budget:`), and a tenant id has no `:` after its platform,
 * so no tenant's prefix is a prefix of another's or of the root layout.
 */
import { isTenantId, type TenantId } from '../core/shared/tenant.ts';

/** A ModelsLab account's budget key: a fingerprint of the token, never the token. */
const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/;

export function tenantPrefix(tenant: TenantId): string {
  // Only the shape is echoed, never the value: a caller's bug must not put arbitrary text in a log.
  if (!isTenantId(tenant)) throw new RangeError('tenant id must be default, slack:<id>, discord:<id> or web:<id>');
  return `t:${tenant}`;
}

export function checkAccount(account: string | undefined): string | undefined {
  if (account === undefined) return undefined;
  if (!ACCOUNT.test(account)) throw new RangeError('budget account must be 1-64 of A-Z a-z 0-9 _ -');
  return account;
}
