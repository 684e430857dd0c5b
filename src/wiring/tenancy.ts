/**
 * The tenants: the directory (their accounts and settings, the environment's values as a new
 * tenant's defaults), the hub (one engine per tenant, built lazily) and core's TenantRouter, the
 * one inbound port every adapter hands its events to. Single-team mode is the same wiring with
 * one tenant, SINGLE_TENANT, spanning the platforms.
 */
import type { Config } from '../config.ts';
import { ConversationEngine } from '../core/index.ts';
import { DEFAULT_LOCALE, localeOf, textsFor } from '../core/shared/i18n.ts';
import type { Clock, Logger, MessengerRegistry, Metrics } from '../core/shared/ports.ts';
import { platformOfTenant, SINGLE_TENANT, type TenantId } from '../core/shared/tenant.ts';
import type { Platform } from '../core/shared/types.ts';
import { defaultSettings, installWelcome, settingsToPolicy, TenantRouter } from '../core/workspace/index.ts';
import { createMessageFormatter } from '../i18n/icu-formatter.ts';
import type { Stores, TenantStores } from '../store/index.ts';
import type { AccountPool } from '../tenants/accounts.ts';
import { Directory } from '../tenants/directory.ts';
import { type HubOptions, TenantHub } from '../tenants/hub.ts';
import type { RotatingSecretBox } from '../tenants/secret-box.ts';
import { SANDBOX_TOKEN } from './modelslab.ts';

/** One formatter for the process: the router, the desk, the welcome and every tenant's bot. */
const MESSAGES = createMessageFormatter();

/** A Discord server that adds the bot again within a day gets no second welcome. */
const WELCOME_ONCE_MS = 24 * 60 * 60 * 1000;

export interface TenancyBase {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stores: Stores;
  readonly instanceId: string;
}

/** SINGLE_TENANT keeps the root layout the store always had: its stores are the store itself. */
export function storesOf(stores: Stores): (tenant: TenantId) => TenantStores {
  return (tenant) => (tenant === SINGLE_TENANT ? stores : stores.scope(tenant));
}

export interface DirectoryWiring {
  readonly directory: Directory;
  /** Who approves, read from the tenant's settings at each event (a `/ml settings` change applies at once). */
  approversOf(tenant: TenantId | undefined, platform: Platform): Promise<readonly string[]>;
  /** Who escalated requests go to (issue 17: TenantSettings.fallbackApprovers), read the same way. */
  fallbackOf(tenant: TenantId | undefined, platform: Platform): Promise<readonly string[]>;
  /** The tenant an event belongs to: its own in workspaces mode, the one tenant otherwise. */
  tenantOr(tenant: TenantId | undefined): TenantId | undefined;
}

export function createDirectory(
  config: Config,
  deps: TenancyBase & {
    readonly accounts: AccountPool;
    readonly box: RotatingSecretBox | undefined;
    /** The playground's approvers of a tenant (late-bound: the playground is built after this). */
    readonly playgroundApprovers: (tenant: TenantId) => readonly string[];
  },
): DirectoryWiring {
  const workspaces = config.tenancy === 'workspaces';
  const { stores, accounts } = deps;
  const storesFor = storesOf(stores);
  const envApprovers: Partial<Record<Platform, readonly string[]>> = {
    slack: config.slack?.approvers ?? [],
    discord: config.discord?.approverRoleId ? [config.discord.approverRoleId] : [],
  };
  const directory = new Directory({
    tenancy: config.tenancy,
    kv: stores.kv,
    leases: stores.leases,
    ...(deps.box ? { box: deps.box } : {}),
    ...(workspaces ? {} : { singleToken: config.modelslab.token ?? SANDBOX_TOKEN }),
    defaults: (tenant) =>
      defaultSettings(config.policy, {
        // BOT_LANGUAGE: every tenant's language until it (or its Discord server's locale) says otherwise.
        ...(config.language ? { language: config.language } : {}),
        approvers: { ...envApprovers, web: deps.playgroundApprovers(tenant) },
        fallbackApprovers: config.fallbackApprovers,
        // ALERT_CHANNEL names one workspace's channel: in workspaces mode each tenant picks its own.
        ...(config.alerts
          ? {
              lowBalanceCents: config.alerts.lowBalanceCents,
              ...(workspaces ? {} : { alertChannelId: config.alerts.channel.channelId }),
            }
          : {}),
        // ALERT_CHANNEL alone (no LOW_BALANCE_USD) is the alert channel too: failed subscription
        // payment notices need no threshold.
        ...(!workspaces && config.subscriptionAlerts.channel
          ? { alertChannelId: config.subscriptionAlerts.channel.channelId }
          : {}),
      }),
    checkToken: (token) => accounts.checkToken(token),
    accountOf: (token) => accounts.accountOf(token),
    auditFor: (tenant) => storesFor(tenant).audit,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'directory' }),
    ownerId: deps.instanceId,
  });
  return {
    directory,
    // Single-team mode's one tenant spans the platforms.
    approversOf: async (tenant, platform) =>
      tenant ? ((await directory.settings(tenant)).approvers[platform] ?? []) : [],
    fallbackOf: async (tenant, platform) =>
      tenant ? ((await directory.settings(tenant)).fallbackApprovers?.[platform] ?? []) : [],
    tenantOr: (tenant) => (workspaces ? tenant : SINGLE_TENANT),
  };
}

/**
 * After an install: who installed may connect; they get a DM with the Connect button (once a
 * day). `messengers` is late-bound: the hub that knows them is built after the adapters.
 */
export function installWelcomer(
  config: Config,
  deps: {
    readonly directory: Directory;
    readonly stores: Stores;
    readonly logger: Logger;
    readonly clock: Clock;
    readonly messengers: (tenant: TenantId) => MessengerRegistry | undefined;
  },
): (tenant: TenantId, platform: Platform, installerId: string, serverLocale?: string) => Promise<void> {
  return async (tenant, platform, installerId, serverLocale) => {
    await deps.directory.recordInstall(tenant, installerId);
    await adoptServerLocale(config, deps, tenant, installerId, serverLocale);
    if (!(await deps.stores.once.claim(`welcome:${tenant}:${installerId}`, WELCOME_ONCE_MS))) return;
    const messenger = deps.messengers(tenant)?.get(platform);
    if (!messenger) return;
    try {
      // The installer's own locale is unknown outside an event: the workspace's language.
      const { language } = await deps.directory.settings(tenant);
      const t = textsFor(MESSAGES, language ?? DEFAULT_LOCALE);
      await messenger.dm({ platform, id: installerId }, installWelcome(t, platform, config.sandbox));
    } catch (err) {
      deps.logger.warn({ err, tenant }, 'could not DM the installer the welcome');
    }
  };
}

/**
 * A Discord server's preferred locale is a new tenant's language: saved as its `language` setting
 * when the tenant still has the deployment's default (BOT_LANGUAGE or none), so a server that
 * chose a language in /ml settings keeps it when the bot is added again. Audited like a change.
 */
async function adoptServerLocale(
  config: Config,
  deps: { readonly directory: Directory; readonly logger: Logger; readonly clock: Clock },
  tenant: TenantId,
  installerId: string,
  serverLocale: string | undefined,
): Promise<void> {
  const locale = localeOf(serverLocale);
  if (!locale) return;
  const settings = await deps.directory.settings(tenant);
  if (settings.language !== config.language || settings.language === locale) return;
  const platform = platformOfTenant(tenant);
  const by = { platform: platform ?? 'discord', id: installerId } as const;
  await deps.directory.saveSettings(tenant, { ...settings, language: locale }, by);
  await deps.directory.audit(tenant).append({
    at: deps.clock.now(),
    requestId: 'settings',
    purpose: 'settings',
    from: null,
    to: 'done',
    actor: by,
    detail: `settings changed (language): Language: ${settings.language ?? 'default'} → ${locale} (the server's language)`,
  });
  deps.logger.info({ tenant, locale }, "tenant language set from the server's locale");
}

export interface TenantsWiring {
  readonly tenants: TenantHub;
  readonly router: TenantRouter;
}

/** The hub over the directory, told of every connect, disconnect and settings change; the router in front. */
export function createTenants(
  config: Config,
  deps: TenancyBase & {
    readonly directory: Directory;
    readonly accounts: AccountPool;
    readonly metrics: Metrics;
    readonly messengersFor: (tenant: TenantId) => MessengerRegistry;
    readonly payLinkBase: string | undefined;
    readonly singleAlertPlatform: Platform | undefined;
    readonly bot: HubOptions['bot'] | undefined;
    /** A tenant's language from its platform (a Discord server's locale), for its channel posts. */
    readonly platformLocale?: HubOptions['platformLocale'];
  },
): TenantsWiring {
  const { directory, stores, clock, logger, payLinkBase, singleAlertPlatform } = deps;
  const tenants = new TenantHub({
    directory,
    accounts: deps.accounts,
    storesFor: storesOf(stores),
    policyFor: (settings) => settingsToPolicy(config.policy, settings),
    messengersFor: deps.messengersFor,
    kv: stores.kv,
    clock,
    logger,
    metrics: deps.metrics,
    billingPerMinute: config.modelslab.billingPerMinute,
    billingPerMinuteCap: config.modelslab.billingPerMinuteCap,
    ...(payLinkBase ? { payLinkBase } : {}),
    ownerId: deps.instanceId,
    sandbox: config.sandbox,
    ...(singleAlertPlatform ? { singleAlertPlatform } : {}),
    ...(config.alerts ? { alertIntervalMs: config.alerts.intervalMs } : {}),
    subscriptionCheckMs: config.subscriptionAlerts.intervalMs,
    ...(deps.bot ? { bot: deps.bot } : {}),
    messages: MESSAGES,
    defaultLanguage: config.language,
    platformLocale: deps.platformLocale,
  });
  directory.onChange(tenants);
  const router = new TenantRouter({
    tenancy: config.tenancy,
    engines: tenants,
    directory,
    once: stores.once,
    clock,
    logger: logger.child({ component: 'router' }),
    sandbox: config.sandbox,
    // `/ml help` before a tenant is connected lists what it will be able to do.
    commands: ConversationEngine.commands,
    messages: MESSAGES,
  });
  return { tenants, router };
}
