/**
 * Writes sqlite3-store.sqlite with the sqlite3 (@keyv/sqlite) adapter, as the bot did before it
 * moved to node:sqlite. Run it from a checkout of a commit that still has that adapter
 * (a2d5a14, the merge before issue 19), with this folder copied in:
 *
 *   node test/store/migration/make-fixture.ts <out.sqlite>
 */
import { createStores } from '../../../src/store/index.ts';
import {
  AUDIT,
  BUDGET_PER_MIN,
  BUDGET_TAKES,
  DEDUPE_KEY,
  KV,
  LEASE,
  NAMESPACE,
  REQUESTS,
  TTL_MS,
  WRITTEN_AT,
} from './content.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: make-fixture.ts <out.sqlite>');
// Only `now` is read by the store (once/lease expiry); a plain object keeps this script free of
// core paths that moved since a2d5a14.
const clock = { now: () => WRITTEN_AT } as never;
const stores = await createStores(`sqlite://${out}`, { namespace: NAMESPACE, clock });
for (const request of REQUESTS) await stores.requests.put(request);
for (const entry of AUDIT) await stores.audit.append(entry);
if (!(await stores.once.claim(DEDUPE_KEY, TTL_MS))) throw new Error('dedupe key not claimed');
if (!(await stores.leases.acquire(LEASE.key, LEASE.owner, TTL_MS))) throw new Error('lease not acquired');
const budget = stores.budget(BUDGET_PER_MIN);
for (let i = 0; i < BUDGET_TAKES; i++) {
  if (!(await budget.tryTake(WRITTEN_AT + i)).granted) throw new Error('budget take refused');
}
for (const [key, value] of Object.entries(KV)) await stores.kv.set(key, value);
await stores.close();
console.log(`wrote ${out}`);
