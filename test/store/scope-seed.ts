/** One tenant scope with a bit of everything in it (dropScope and erase tests). */
import type { AuditEntry } from '../../src/core/requests/request.ts';
import type { TenantStores } from '../../src/store/index.ts';
import { makeRequest } from './fixtures.ts';

export const HOUR = 3_600_000;

const entry = (requestId: string, at: number): AuditEntry => ({
  at,
  requestId,
  purpose: 'fund',
  from: 'awaiting_approval',
  to: 'approved',
});

/** A bit of everything a tenant writes: open and closed requests, a payable link, values, claims, a lease, audit. */
export async function seedScope(s: TenantStores, tag: string): Promise<void> {
  await s.requests.put(makeRequest({ id: `${tag}-open`, state: 'awaiting_approval' }));
  await s.requests.put(makeRequest({ id: `${tag}-paid`, state: 'paid' }));
  await s.requests.put(
    makeRequest({
      id: `${tag}-link`,
      state: 'awaiting_payment',
      attempts: [{ n: 1, idempotencyKey: `paylink-${tag}-1`, sessionId: `cs_${tag}`, expiresAt: Date.now() + HOUR }],
    }),
  );
  await s.kv.set('settings', { tag });
  await s.kv.set('alert', { phase: 'armed', tag }, HOUR);
  await s.once.claim(`event:${tag}`, HOUR);
  await s.leases.acquire(`watch:${tag}`, 'proc-1', HOUR);
  await s.audit.append(entry(`${tag}-open`, 1_000));
  await s.audit.append(entry(`${tag}-link`, 2_000));
}
