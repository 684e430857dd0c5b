/**
 * The composition: the only place that puts the infrastructure together, in this order. The
 * HTTP server listens first (src/wiring/http-server.ts), then come the simulator and the billing
 * accounts (modelslab.ts), the store, the tenants' directory (tenancy.ts), the platform adapters
 * (platforms.ts), the hub and core's TenantRouter (tenancy.ts), and the routes (routes.ts). The
 * bot's own parts (engine, watcher, low-balance monitor) are built per tenant by the hub
 * (src/tenants/hub.ts) with src/bot.ts. Every adapter hands its events to the router, which finds
 * the tenant's engine.
 */
import type { DiscordAdapter } from '../adapters/discord/index.ts';
import type { SlackAdapter } from '../adapters/slack/index.ts';
import type { Playground } from '../adapters/web/index.ts';
import type { Config } from './config.ts';
import type { ConversationEngine } from './core/index.ts';
import { type Clock, type Logger, systemClock } from './core/shared/ports.ts';
import { SINGLE_TENANT, type TenantId } from './core/shared/tenant.ts';
import { createRouter } from './http/router.ts';
import { createMetrics } from './ops/index.ts';
import type { Simulator } from './sandbox/index.ts';
import { createStores, type Stores } from './store/index.ts';
import type { Directory } from './tenants/directory.ts';
import type { HubOptions, TenantHub } from './tenants/hub.ts';
import { createSecretBox } from './tenants/secret-box.ts';
import { shuttingDown, startHttpServer } from './wiring/http-server.ts';
import { createAccounts, createSandbox } from './wiring/modelslab.ts';
import { createPlatforms, type Platforms, playgroundApprovers } from './wiring/platforms.ts';
import { buildRoutes, stoppingRoutes } from './wiring/routes.ts';
import { createDirectory, createTenants, installWelcomer } from './wiring/tenancy.ts';

export interface AppOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Distinguishes processes sharing one Redis (leases). */
  readonly instanceId?: string;
  /** How long `/healthz` reuses its last report before checking again (ms); see src/ops/health.ts. */
  readonly healthIntervalMs?: number;
  /** Tests shrink the tenants' watcher and sweep timings (src/tenants/hub.ts). */
  readonly bot?: HubOptions['bot'];
}

export interface App {
  readonly url: string;
  /** Single-team mode's one engine (SINGLE_TENANT). Workspaces mode has one per tenant: `tenants`. */
  readonly engine: ConversationEngine;
  /** The tenants' engines (single-team mode: the one). */
  readonly tenants: TenantHub;
  /** The tenants' accounts and settings. */
  readonly directory: Directory;
  readonly stores: Stores;
  readonly simulator: Simulator | undefined;
  readonly playground: Playground | undefined;
  readonly slack: SlackAdapter | undefined;
  readonly discord: DiscordAdapter | undefined;
  /** Stop taking new events; finish in-flight work; close connections and the store. */
  stop(): Promise<void>;
}

/** Build and start everything `config` asks for. Resolves once the bot is serving. */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? config.instanceId;
  const metrics = createMetrics();
  const server = await startHttpServer(config.http, logger);
  const { url } = server;

  const simulator = createSandbox(config, url, clock, logger);
  // createStores binds `component: store` itself (a second child would repeat the key).
  const stores = await createStores(config.storeUrl, { namespace: config.storeNamespace, logger });
  const box = config.secrets ? createSecretBox(config.secrets.keys) : undefined;
  const accounts = createAccounts(config, { url, simulator, stores, clock, logger, metrics });

  // Late-bound: the playground and the hub are built after the directory and the adapters.
  let platforms: Platforms | undefined;
  let hub: TenantHub | undefined;
  const common = { clock, logger, metrics, stores, accounts, box, instanceId };
  const { directory, approversOf, fallbackOf, tenantOr } = createDirectory(config, {
    ...common,
    playgroundApprovers: playgroundApprovers(config, () => platforms?.playground),
  });
  const welcome = installWelcomer(config, { ...common, directory, messengers: (t) => hub?.messengers(t) });
  const recordUninstall = (tenant: TenantId) => directory.recordUninstall(tenant);
  platforms = await createPlatforms(config, { ...common, approversOf, fallbackOf, tenantOr, welcome, recordUninstall });
  const { slack, discord, playground } = platforms;

  // PUBLIC_URL, or in the sandbox the bot's own address, so the playground shows tracked links.
  const payLinkBase = config.publicUrl ?? (config.sandbox ? url : undefined);
  const { messengersFor, singleAlertPlatform } = platforms;
  const { tenants, router } = createTenants(config, {
    ...common,
    directory,
    messengersFor,
    payLinkBase,
    singleAlertPlatform,
    // A Discord server's own locale speaks for a tenant that chose no language.
    platformLocale: (tenant) => platforms?.platformLocale(tenant),
    // The weekly report and its charts (issue 17); tests' own bot options come last.
    bot: {
      reportWeekly: config.reportWeekly,
      ...(config.chartFontFile ? { chartFontFile: config.chartFontFile } : {}),
      ...options.bot,
    },
  });
  hub = tenants;
  const healthIntervalMs = options.healthIntervalMs;
  const routes = buildRoutes(config, { ...common, tenants, simulator, platforms, payLinkBase, healthIntervalMs });
  server.serve(createRouter(routes));

  platforms.attach(router);
  await platforms.start();
  await tenants.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking events: the playground refuses new ones and ends its live streams (they would
      // hold the server's close open), and every other path answers 503 (Slack retries later).
      playground?.close();
      server.serve(createRouter(stoppingRoutes(routes, shuttingDown)));
      // Every event already handed to the router (Slack, Discord and the playground alike)
      // finishes, card edits and DMs included, before any tenant's watcher stops.
      await router.idle();
      await tenants.idle();
      await server.close();
      await tenants.stop();
      await platforms?.stop();
      await stores.close();
    })();
    return stopping;
  };

  return {
    url,
    get engine(): ConversationEngine {
      const engine = config.tenancy === 'workspaces' ? undefined : tenants.engineOf(SINGLE_TENANT);
      if (!engine) throw new Error('App.engine exists in single-team mode only; use App.tenants');
      return engine;
    },
    tenants,
    directory,
    stores,
    simulator,
    playground,
    slack,
    discord,
    stop,
  };
}
