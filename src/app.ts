/**
 * Wiring of the infrastructure: the only place that constructs it (the HTTP server, the store,
 * the billing accounts, the simulator, the platform adapters, the tenants' directory and hub).
 * The bot's own parts (engine, watcher, low-balance monitor) are built per tenant by the hub
 * (src/tenants/hub.ts) with src/bot.ts, the one wiring function the test harnesses share. One
 * HTTP server on PORT serves Slack's `/slack/events` (and, with OAuth, `/slack/install` and
 * `/slack/oauth_redirect`), `/healthz`, `/metrics`, the tracked pay links under `/pay`, the
 * playground at `/` and, in sandbox mode, the simulator at `/sandbox` (its API and its checkout
 * pages). Every adapter hands its events to core's TenantRouter, which finds the tenant's engine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDiscordAdapter, type DiscordAdapter } from '../adapters/discord/index.ts';
import { createSlackAdapter, createSlackInstallationStore, type SlackAdapter } from '../adapters/slack/index.ts';
import { createPlayground, PEOPLE, type Playground } from '../adapters/web/index.ts';
import type { Config } from './config.ts';
import { ConversationEngine } from './core/index.ts';
import { centsToDollars } from './core/shared/money.ts';
import { type Clock, type Logger, type Messenger, type MessengerRegistry, systemClock } from './core/shared/ports.ts';
import { SINGLE_TENANT, type TenantId } from './core/shared/tenant.ts';
import type { Platform } from './core/shared/types.ts';
import { defaultSettings, installWelcome, opensForm, settingsToPolicy, TenantRouter } from './core/workspace/index.ts';
import { payLinkHandler, tenantPayLinkHandler } from './http/pay-page.ts';
import { createRouter, type HttpHandler, type Route } from './http/router.ts';
import { createMetrics, healthHandler } from './ops/index.ts';
import { createSimulator, type Simulator } from './sandbox/index.ts';
import { createStores, type Stores, type TenantStores } from './store/index.ts';
import { AccountPool } from './tenants/accounts.ts';
import { Directory } from './tenants/directory.ts';
import { TenantHub } from './tenants/hub.ts';
import { createSecretBox } from './tenants/secret-box.ts';
import { type SlackInstalled, type SlackWhere, slackTenant, slackWhere } from './tenants/slack-tenant.ts';

export interface AppOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Distinguishes processes sharing one Redis (leases). */
  readonly instanceId?: string;
  /** How long `/healthz` reuses its last report before checking again (ms); see src/ops/health.ts. */
  readonly healthIntervalMs?: number;
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

/** Single-team mode's simulated account (the one the sandbox always had). */
const SANDBOX_TOKEN = 'sandbox-token';
/** The playground's workspaces in workspaces mode: two, so isolation can be seen by hand. */
const PLAYGROUND_WORKSPACES = [
  { id: 'acme', name: 'Acme' },
  { id: 'globex', name: 'Globex' },
] as const;
/** A Discord server that adds the bot again within a day gets no second welcome. */
const WELCOME_ONCE_MS = 24 * 60 * 60 * 1000;

/** Build and start everything `config` asks for. Resolves once the bot is serving. */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? config.instanceId;
  const metrics = createMetrics();
  const workspaces = config.tenancy === 'workspaces';

  // Listen first: in sandbox mode the billing client and the simulator's payment URLs need the
  // real port (PORT=0 picks a free one).
  let handler: HttpHandler = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting');
  };
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => logger.error({ err }, 'http handler failed'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;

  // The simulator keeps its state beside the store, so a restart finds the sessions it handed out.
  const simulator = config.sandbox
    ? createSimulator({
        publicBaseUrl: `${url}/sandbox`,
        sessionLifetimeMs: config.sandboxCheckoutMs,
        // The simulated account allows what the bot is told the account allows.
        billingPerMin: config.modelslab.billingPerMinute,
        clock,
        ...(config.sandboxStateFile ? { stateFile: config.sandboxStateFile } : {}),
        onProblem: (message) => logger.warn({ component: 'sandbox' }, message),
      })
    : undefined;
  const stores = await createStores(config.storeUrl, {
    namespace: config.storeNamespace,
    // createStores binds `component: store` itself (a second child would repeat the key).
    logger,
  });
  // SINGLE_TENANT keeps the root layout the store always had: its stores are the store itself.
  const storesFor = (tenant: TenantId): TenantStores => (tenant === SINGLE_TENANT ? stores : stores.scope(tenant));
  const box = config.secrets ? createSecretBox(config.secrets.keys) : undefined;

  // One billing client and one budget per ModelsLab account (token fingerprint), kept in the
  // store (every process, every restart): the watcher's confirm calls, the engine's mutations and
  // every retry the client sends take from it. Its size is learned from ModelsLab's
  // X-RateLimit-Limit (accounts.ts), up to the cap.
  const accounts = new AccountPool({
    baseUrl: simulator ? `${url}/sandbox/api/agents/v1` : config.modelslab.apiUrl,
    clock,
    logger,
    metrics,
    ...(config.secrets ? { keys: config.secrets.keys } : {}),
    budgetFor: (account) =>
      stores.budget(config.modelslab.billingPerMinute, {
        capPerWindow: config.modelslab.billingPerMinuteCap,
        ...(account ? { account } : {}),
      }),
  });

  const envApprovers: Partial<Record<Platform, readonly string[]>> = {
    slack: config.slack?.approvers ?? [],
    discord: config.discord?.approverRoleId ? [config.discord.approverRoleId] : [],
  };
  // The playground's own approvers (Avery, or each workspace's Avery) until /ml settings says otherwise.
  const playgroundApprovers = (tenant: TenantId): readonly string[] => {
    const people = workspaces ? (playground?.workspaces.find((w) => `web:${w.id}` === tenant)?.people ?? []) : PEOPLE;
    return people.filter((p) => p.isApprover).map((p) => p.id);
  };
  const directory = new Directory({
    tenancy: config.tenancy,
    kv: stores.kv,
    leases: stores.leases,
    ...(box ? { box } : {}),
    ...(workspaces ? {} : { singleToken: config.modelslab.token ?? SANDBOX_TOKEN }),
    defaults: (tenant) =>
      defaultSettings(config.policy, {
        approvers: { ...envApprovers, web: playgroundApprovers(tenant) },
        // ALERT_CHANNEL names one workspace's channel: in workspaces mode each tenant picks its own.
        ...(config.alerts
          ? {
              lowBalanceCents: config.alerts.lowBalanceCents,
              ...(workspaces ? {} : { alertChannelId: config.alerts.channel.channelId }),
            }
          : {}),
      }),
    checkToken: (token) => accounts.checkToken(token),
    accountOf: (token) => accounts.accountOf(token),
    auditFor: (tenant) => storesFor(tenant).audit,
    clock,
    logger: logger.child({ component: 'directory' }),
    ownerId: instanceId,
  });
  // Who approves, read from the tenant's settings at each event (a `/ml settings` change applies
  // at once); single-team mode's one tenant spans the platforms.
  const approversOf = async (tenant: TenantId | undefined, platform: Platform): Promise<readonly string[]> =>
    tenant ? ((await directory.settings(tenant)).approvers[platform] ?? []) : [];
  const tenantOr = (tenant: TenantId | undefined) => (workspaces ? tenant : SINGLE_TENANT);
  // Late-bound: the hub is built after the adapters (it needs their messengers).
  let hub: TenantHub | undefined;

  // ---------------------------------------------------------------- adapters (issue 15 wiring)
  const slack = config.slack
    ? createSlackAdapter({
        ...(config.slack.botToken ? { botToken: config.slack.botToken } : {}),
        ...(config.slack.signingSecret ? { signingSecret: config.slack.signingSecret } : {}),
        ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
        ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
        approvers: [...config.slack.approvers],
        approversFor: (where: SlackWhere) => approversOf(tenantOr(slackTenant(where)), 'slack'),
        ...(config.slack.oauth && box
          ? {
              oauth: {
                ...config.slack.oauth,
                installationStore: createSlackInstallationStore({
                  kv: stores.kv,
                  box,
                  logger: logger.child({ component: 'slack-installs' }),
                  clock,
                }),
                ...(config.publicUrl ? { redirectUri: `${config.publicUrl}/slack/oauth_redirect` } : {}),
                onInstalled: async (i: SlackInstalled) => {
                  const tenant = slackTenant(
                    i.enterpriseInstall ? { enterpriseId: i.enterpriseId } : { teamId: i.teamId },
                  );
                  if (!workspaces || !tenant) return;
                  await welcome(tenant, 'slack', i.installerUserId);
                },
                onUninstalled: async (where: SlackWhere) => {
                  const tenant = slackTenant(where);
                  // The adapter deleted the workspace's Slack tokens; the tenant takes no new work.
                  if (workspaces && tenant) await directory.recordUninstall(tenant);
                },
              },
            }
          : {}),
        logger: logger.child({ platform: 'slack' }),
        metrics,
        sandbox: config.sandbox,
        // Post keys are recorded before each post: a restart adopts a post it did not record.
        postJournal: stores.kv,
      })
    : undefined;
  const discord = config.discord
    ? createDiscordAdapter({
        token: config.discord.token,
        applicationId: config.discord.applicationId,
        ...(config.discord.guildId ? { guildId: config.discord.guildId } : {}),
        ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
        ...(config.discord.approverRoleId ? { approverRoleId: config.discord.approverRoleId } : {}),
        approverRolesFor: (guildId: string) => approversOf(tenantOr(`discord:${guildId}`), 'discord'),
        // Core's rule: an event that may open a form is not deferred, so the modal can be its first response.
        opensForm,
        ...(workspaces
          ? {
              perGuildCommands: true,
              onGuildJoined: (g: { guildId: string; ownerId: string; name: string }) =>
                welcome(`discord:${g.guildId}`, 'discord', g.ownerId),
              onGuildLeft: (guildId: string) => directory.recordUninstall(`discord:${guildId}`),
            }
          : {}),
        maxFundUsd: centsToDollars(config.policy.maxFundCents),
        logger: logger.child({ platform: 'discord' }),
        metrics,
        postJournal: stores.kv,
      })
    : undefined;
  const playground = config.playground.enabled
    ? createPlayground({
        sandbox: config.sandbox,
        logger: logger.child({ platform: 'web' }),
        metrics,
        // The conversation is kept beside the requests, so a restart brings back cards and DMs.
        store: stores.kv,
        ...(workspaces
          ? {
              workspaces: PLAYGROUND_WORKSPACES,
              approversFor: (workspaceId: string | undefined) =>
                approversOf(workspaceId ? `web:${workspaceId}` : undefined, 'web'),
            }
          : {}),
      })
    : undefined;
  await playground?.restore();

  /** The messengers that reach one tenant: its Slack workspace, its Discord server, the playground. */
  const messengersFor = (tenant: TenantId): MessengerRegistry => {
    const out = new Map<Platform, Messenger>();
    if (!workspaces) {
      if (slack) out.set('slack', slack.messenger);
      if (discord) out.set('discord', discord.messenger);
      if (playground) out.set('web', playground.messenger);
      return out;
    }
    const [platform, home = ''] = tenant.split(/:(.*)/s);
    if (platform === 'slack' && slack) out.set('slack', slack.messengerFor(slackWhere(home)));
    if (platform === 'discord' && discord) out.set('discord', discord.messengerFor(home));
    if (platform === 'web' && playground) out.set('web', playground.messenger);
    return out;
  };
  // ---------------------------------------------------------------- end of adapter wiring

  // Single-team mode's alerts go to ALERT_CHANNEL's platform; a channel set with /ml settings
  // (an id, no platform) goes to the one platform running, Slack first.
  const singleAlertPlatform: Platform | undefined =
    config.alerts?.channel.platform ?? (slack ? 'slack' : discord ? 'discord' : playground ? 'web' : undefined);
  // PUBLIC_URL, or in the sandbox the bot's own address, so the playground shows tracked links.
  const payLinkBase = config.publicUrl ?? (config.sandbox ? url : undefined);
  const tenants = new TenantHub({
    directory,
    accounts,
    storesFor,
    policyFor: (settings) => settingsToPolicy(config.policy, settings),
    messengersFor,
    kv: stores.kv,
    clock,
    logger,
    metrics,
    billingPerMinute: config.modelslab.billingPerMinute,
    billingPerMinuteCap: config.modelslab.billingPerMinuteCap,
    ...(payLinkBase ? { payLinkBase } : {}),
    ownerId: instanceId,
    sandbox: config.sandbox,
    ...(singleAlertPlatform ? { singleAlertPlatform } : {}),
    ...(config.alerts ? { alertIntervalMs: config.alerts.intervalMs } : {}),
  });
  hub = tenants;
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
  });

  /** After an install: who installed may connect; they get a DM with the Connect button. */
  async function welcome(tenant: TenantId, platform: Platform, installerId: string): Promise<void> {
    await directory.recordInstall(tenant, installerId);
    if (!(await stores.once.claim(`welcome:${tenant}:${installerId}`, WELCOME_ONCE_MS))) return;
    const messenger = hub?.messengers(tenant).get(platform);
    if (!messenger) return;
    try {
      await messenger.dm({ platform, id: installerId }, installWelcome(platform, config.sandbox));
    } catch (err) {
      logger.warn({ err, tenant }, 'could not DM the installer the welcome');
    }
  }

  const routes: Route[] = [
    { prefix: '/metrics', handler: metrics.handler },
    {
      prefix: '/healthz',
      handler: healthHandler(
        {
          store: () => stores.ping(),
          // Single-team mode checks its one account; workspaces mode has one per tenant and
          // checks none (one tenant's revoked token must not mark every replica unhealthy).
          ...(workspaces
            ? {}
            : {
                billing: async () => {
                  const bot = tenants.botOf(SINGLE_TENANT);
                  if (!bot) return false;
                  const { billing, release } = singleBilling();
                  try {
                    await billing.getBalance();
                  } finally {
                    release();
                  }
                  return true;
                },
              }),
          ...(slack ? { slack: async () => slack.connected() } : {}),
          ...(discord ? { discord: async () => discord.connected() } : {}),
        },
        // Cached: an unauthenticated hit must not cost a ModelsLab call (src/ops/health.ts).
        options.healthIntervalMs !== undefined ? { intervalMs: options.healthIntervalMs } : {},
      ),
    },
  ];
  /** Single-team mode's shared account, as the running bot uses it. */
  function singleBilling() {
    const account = accounts.acquire(config.modelslab.token ?? SANDBOX_TOKEN, { legacy: true });
    return { billing: account.billing, release: () => accounts.release(account) };
  }
  if (simulator) routes.push({ prefix: '/sandbox', handler: simulator.handler, strip: true });
  // The tracked pay links of the DMs (core/pay-link.ts), when the bot has a public address.
  if (payLinkBase) {
    if (workspaces) {
      routes.push({ prefix: '/pay', handler: payLinkHandler(() => undefined, logger), strip: true });
      routes.push({
        prefix: '/pay/t',
        handler: tenantPayLinkHandler((tenant) => tenants.payLinkOpener(tenant), logger),
        strip: true,
      });
    } else {
      routes.push({
        prefix: '/pay',
        handler: payLinkHandler(() => tenants.engineOf(SINGLE_TENANT), logger),
        strip: true,
      });
    }
  }
  if (slack?.requestHandler) routes.push({ prefix: '/slack/events', handler: slack.requestHandler });
  if (slack?.installHandler) {
    // Bolt's own install page and OAuth callback; it reads the full path (no strip).
    routes.push({ prefix: '/slack/install', handler: slack.installHandler });
    routes.push({ prefix: '/slack/oauth_redirect', handler: slack.installHandler });
  }
  if (playground) routes.push({ prefix: '/', handler: playground.handler });
  handler = createRouter(routes);

  slack?.attach(router);
  discord?.attach(router);
  playground?.attach(router);
  await Promise.all([slack?.start(), discord?.start()]);
  await tenants.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking events: the playground refuses new ones and ends its live streams (they would
      // hold server.close() open), and every other path answers 503 (Slack retries the delivery
      // later). The in-app simulator (sandbox mode) keeps answering: the work being finished may
      // still call it, and it lives on this server.
      playground?.close();
      handler = createRouter([
        { prefix: '/', handler: shuttingDown },
        ...routes.filter((r) => r.prefix === '/sandbox'),
      ]);
      // Every event already handed to the router (Slack, Discord and the playground alike)
      // finishes, card edits and DMs included, before any tenant's watcher stops.
      await router.idle();
      await tenants.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await tenants.stop();
      await Promise.allSettled([slack?.stop(), discord?.stop()]);
      await stores.close();
    })();
    return stopping;
  };

  return {
    url,
    get engine(): ConversationEngine {
      const engine = workspaces ? undefined : tenants.engineOf(SINGLE_TENANT);
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

const shuttingDown: HttpHandler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
};
