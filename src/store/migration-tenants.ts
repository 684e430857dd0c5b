/**
 * v2, tenants: every request written before tenants existed belongs to SINGLE_TENANT. It is
 * stamped `tenantId: 'default'` where it lies (the root layout stays single-team mode's home, so
 * nothing moves and a rollback still reads it); `version` and `updatedAt` are left as they were,
 * since nothing about the request changed.
 *
 * Both indexes are walked: the creation index holds every request; the open index is walked too
 * in case a crash between its two writes left a request only there. Ids come in batches and each
 * request is read when reached, so a large store is never parsed at once.
 */
import type { PaymentRequest } from '../core/requests/request.ts';
import { SINGLE_TENANT } from '../core/shared/tenant.ts';
import type { MigrationContext, StoreMigration } from './migrations.ts';

const BATCH = 100;

export const tenantsMigration: StoreMigration = {
  version: 2,
  name: 'tenants',
  async run(context) {
    const created = await context.ids.created();
    let stamped = 0;
    for (let i = 0; i < created.length; i += BATCH) stamped += await stamp(context, created.slice(i, i + BATCH));
    for await (const batch of context.ids.open(BATCH)) stamped += await stamp(context, batch);
    context.logger.info({ stamped }, 'requests from before tenants belong to the default tenant');
  },
};

async function stamp({ root, keepLease }: MigrationContext, ids: readonly string[]): Promise<number> {
  let stamped = 0;
  for (const id of ids) {
    const request = await root.requests.get(id);
    if (!request || (request as { tenantId?: string }).tenantId !== undefined) continue;
    await root.requests.put({ ...request, tenantId: SINGLE_TENANT } as PaymentRequest);
    stamped += 1;
  }
  await keepLease();
  return stamped;
}
