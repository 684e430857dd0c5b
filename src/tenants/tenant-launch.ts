/**
 * Building one tenant's bot (src/bot.ts createBot): on the tenant's scoped stores, its account's
 * billing and budget (accounts.ts), a live Policy over its settings, its own messengers (recorded
 * in the message index) and, in workspaces mode, a billing port that confirms each session with
 * the token that created it (session-billing.ts). A bot that fails to start gives back what it
 * took (the account, the retired accounts' clients) before the error reaches the hub.
 */
import { createBot } from '../bot.ts';
import type { MessengerRegistry } from '../core/shared/ports.ts';
import type { Tenancy, TenantId } from '../core/shared/tenant.ts';
import type { HubOptions } from './hub-options.ts';
import { livePolicy } from './live-policy.ts';
import type { Running } from './running-tenant.ts';
import { SessionAccounts } from './session-accounts.ts';
import { SessionBilling } from './session-billing.ts';
import { tenantLanguage } from './tenant-language.ts';
import type { WatcherDepths } from './watcher-depths.ts';

export interface LaunchWiring {
  readonly options: HubOptions;
  readonly tenancy: Tenancy;
  /** The hub's messengers of a tenant (recording what they send in the message index). */
  messengers(tenant: TenantId): MessengerRegistry;
  readonly depths: WatcherDepths;
}

/** The tenant's bot, started on `token`; the hub registers it and starts its alerts. */
export async function launchTenant(
  w: LaunchWiring,
  tenant: TenantId,
  token: string,
  draining: boolean,
): Promise<Running> {
  const o = w.options;
  const account = o.accounts.acquire(token, { legacy: w.tenancy === 'single' });
  const settings = await o.directory.settings(tenant);
  // The bot's policy and language read the run's current settings: `/ml settings` needs no restart.
  const holder: { run?: Running } = {};
  const initialPolicy = o.policyFor(settings);
  const policy = livePolicy(() => holder.run?.policy ?? initialPolicy);
  const messengers = w.messengers(tenant);
  const logger = w.tenancy === 'single' ? o.logger : o.logger.child({ tenant });
  const stores = o.storesFor(tenant);
  const sessions = new SessionAccounts(stores.kv, o.clock);
  const fingerprint = account.account;
  const billing =
    fingerprint === undefined
      ? undefined
      : new SessionBilling({
          current: { ...account, account: fingerprint },
          currentFingerprints: o.accounts.fingerprintsOf(token),
          sessions,
          held: async () => {
            const now = await o.directory.credentials(tenant);
            const retired = await o.directory.retiredCredentials(tenant);
            return now?.account !== undefined ? [{ token: now.token, account: now.account }, ...retired] : retired;
          },
          accounts: o.accounts,
          clock: o.clock,
          logger: logger.child({ component: 'session-billing' }),
        });
  const retired = w.tenancy === 'workspaces' ? (await o.directory.retiredCredentials(tenant)).length : 0;
  const bot = createBot({
    billing: billing ?? account.billing,
    budget: account.budget,
    stores,
    messengers,
    clock: o.clock,
    logger,
    ...(o.metrics ? { metrics: w.depths.metricsFor(tenant, o.metrics) } : {}),
    policy,
    billingPerMinute: o.billingPerMinute,
    ...(o.billingPerMinuteCap !== undefined ? { billingPerMinuteCap: o.billingPerMinuteCap } : {}),
    ...(o.payLinkBase ? { payLinkBase: payLinkBase(w.tenancy, tenant, o.payLinkBase) } : {}),
    ...(o.ownerId ? { ownerId: o.ownerId } : {}),
    ...(w.tenancy === 'workspaces' ? { tenant } : {}),
    ...(o.messages ? { messages: o.messages } : {}),
    // Read at each post: a `/ml settings` language change applies from the next message.
    locale: () => tenantLanguage(o, tenant, (holder.run?.settings ?? settings).language),
    ...o.bot,
  });
  const run: Running = {
    tenant,
    bot,
    account,
    billing,
    sessions,
    logger,
    retired,
    settings,
    policy: initialPolicy,
    draining,
    monitor: undefined,
    monitorKey: '',
    engine: {
      handle: (event, responder) => bot.engine.handle(event, responder),
      checkForm: (event) => bot.engine.checkForm(event),
      home: (actor) => bot.engine.home(actor),
    },
  };
  holder.run = run;
  try {
    await bot.start();
  } catch (err) {
    billing?.close();
    o.accounts.release(account);
    await bot.stop().catch(() => {});
    throw err;
  }
  return run;
}

function payLinkBase(tenancy: Tenancy, tenant: TenantId, base: string): string {
  const root = base.replace(/\/+$/, '');
  // Core appends `/pay/<token>`: a tenant's links read `<base>/w/<tenant>/pay/<token>`.
  return tenancy === 'single' ? root : `${root}/w/${encodeURIComponent(tenant)}`;
}
