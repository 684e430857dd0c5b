/**
 * Which tenants the hub starts at start-up: those with work to finish (open requests, or
 * sessions that can still be paid, or retired tokens to forget) and those with an alert channel
 * (low-balance alerts, failed subscription payments); the rest start on their first event.
 * Measured (200 tenants, memory store): a started tenant with nothing open holds ~12 KB of heap and starts in ~0.5 ms, so memory is not the
 * reason; its engine's sweep is: every tenant's engine reads its store every 30 s, and 1,000
 * quiet tenants would cost ~33 store scans a second for nothing.
 */
import type { TenantId } from '../core/shared/tenant.ts';
import type { HubOptions } from './hub-options.ts';

export async function hasWork(o: Pick<HubOptions, 'directory' | 'storesFor'>, tenant: TenantId): Promise<boolean> {
  const creds = await o.directory.credentials(tenant);
  if (!creds) return false;
  // Its retired tokens are forgotten by the drain check of a running bot.
  if ((await o.directory.retiredCredentials(tenant)).length > 0) return true;
  const settings = await o.directory.settings(tenant);
  // An alert channel alone runs the failed subscription payment monitor (issue 18).
  if (!creds.draining && settings.alertChannelId !== undefined) return true;
  const { requests } = o.storesFor(tenant);
  if (requests.scanOpen) {
    for await (const page of requests.scanOpen(1)) return page.length > 0;
    return false;
  }
  return (await requests.listOpen()).length > 0;
}
