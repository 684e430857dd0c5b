/**
 * The lifecycle the runtime sees (installs, removals, a drained account forgotten) in the
 * tenant's audit trail, beside core's connect, disconnect and settings lines. Best effort: the
 * record is already written, and an audit outage must not undo an uninstall.
 */
import type { AuditLog, Clock, Logger } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { UserRef } from '../core/shared/types.ts';

export interface TenantAuditDeps {
  auditFor(tenant: TenantId): AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function auditTenantChange(
  o: TenantAuditDeps,
  tenant: TenantId,
  detail: string,
  actor?: UserRef,
): Promise<void> {
  try {
    await o.auditFor(tenant).append({
      at: o.clock.now(),
      requestId: 'account',
      purpose: 'account',
      from: null,
      to: 'done',
      ...(actor ? { actor } : {}),
      detail,
    });
  } catch (err) {
    o.logger.warn({ err, tenant }, 'could not audit a tenant change');
  }
}
