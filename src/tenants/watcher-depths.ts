/**
 * Per-tenant watchers each report their own depth; /metrics shows the sum. The hub forgets a
 * tenant's depth when its bot stops, so a stopped watcher no longer counts.
 */
import type { Metrics } from '../core/shared/ports.ts';
import type { Tenancy, TenantId } from '../core/shared/tenant.ts';

export class WatcherDepths {
  readonly #tenancy: Tenancy;
  readonly #depths = new Map<TenantId, number>();

  constructor(tenancy: Tenancy) {
    this.#tenancy = tenancy;
  }

  /** The metrics a tenant's bot reports to: single mode's one bot reports straight through. */
  metricsFor(tenant: TenantId, metrics: Metrics): Metrics {
    if (this.#tenancy === 'single') return metrics;
    return {
      requestTransition: (purpose, to) => metrics.requestTransition(purpose, to),
      billingCall: (endpoint, outcome) => metrics.billingCall(endpoint, outcome),
      ackLatency: (platform, seconds) => metrics.ackLatency(platform, seconds),
      watcherDepth: (depth) => {
        this.#depths.set(tenant, depth);
        let sum = 0;
        for (const d of this.#depths.values()) sum += d;
        metrics.watcherDepth(sum);
      },
    };
  }

  forget(tenant: TenantId): void {
    this.#depths.delete(tenant);
  }
}
