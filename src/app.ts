/**
 * Wiring of the infrastructure: the only place that constructs it (the HTTP server, the store,
 * the billing client, the simulator, the platform adapters); the bot's own parts (engine,
 * watcher, low-balance monitor) are built from them by src/bot.ts, the one wiring function the
 * test harnesses share. One HTTP server on PORT serves Slack's
 * `/slack/events`, `/healthz`, `/metrics`, the playground at `/` and, in sandbox mode, the
 * simulator at `/sandbox` (its API and its checkout pages). Everything else is passed in
 * through constructors.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDiscordAdapter, type DiscordAdapter } from '../adapters/discord/index.ts';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.ts';
import { createPlayground, type Playground } from '../adapters/web/index.ts';
import { ModelsLabBilling, ModelsLabClient } from './billing/index.ts';
import { createBot } from './bot.ts';
import type { Config } from './config.ts';
import type { ConversationEngine } from './core/index.ts';
import { centsToDollars } from './core/shared/money.ts';
import { type Clock, type Logger, type Messenger, type RateBudget, systemClock } from './core/shared/ports.ts';
import type { Platform } from './core/shared/types.ts';
import { payLinkHandler } from './http/pay-page.ts';
import { createRouter, type HttpHandler, type Route } from './http/router.ts';
import { createMetrics, healthHandler } from './ops/index.ts';
import { createSimulator, type Simulator } from './sandbox/index.ts';
import { createStores, type Stores } from './store/index.ts';
import { honourRateLimitHeaders } from './watcher/index.ts';

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
  readonly engine: ConversationEngine;
  readonly stores: Stores;
  readonly simulator: Simulator | undefined;
  readonly playground: Playground | undefined;
  readonly slack: SlackAdapter | undefined;
  readonly discord: DiscordAdapter | undefined;
  /** Stop taking new events; finish in-flight work; close connections and the store. */
  stop(): Promise<void>;
}

const SANDBOX_TOKEN = 'sandbox-token';

/** Build and start everything `config` asks for. Resolves once the bot is serving. */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? config.instanceId;
  const metrics = createMetrics();

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
  // The one billing budget, kept in the store (every process, every restart): the watcher's
  // confirm calls, the engine's mutations (createBot) and every retry the client sends take from it.
  // Its size is learned from ModelsLab's X-RateLimit-Limit (honourRateLimitHeaders), up to the cap.
  const budget: RateBudget = stores.budget(config.modelslab.billingPerMinute, {
    capPerWindow: config.modelslab.billingPerMinuteCap,
  });
  const honourHeaders = honourRateLimitHeaders(() => budget);
  const client = new ModelsLabClient({
    baseUrl: simulator ? `${url}/sandbox/api/agents/v1` : config.modelslab.apiUrl,
    token: config.modelslab.token ?? SANDBOX_TOKEN,
    // The transport binds `component: modelslab` itself.
    logger,
    budget: () => budget,
    onCall: (call) => {
      metrics.billingCall(
        call.endpoint,
        call.status === 429 ? 'rate_limited' : typeof call.status === 'number' && call.status < 400 ? 'ok' : 'error',
      );
      // ModelsLab's X-RateLimit-* headers tell us about calls other clients of the account made.
      honourHeaders(call);
    },
  });
  const billing = new ModelsLabBilling(client);

  const messengers = new Map<Platform, Messenger>();
  const slack = config.slack
    ? createSlackAdapter({
        botToken: config.slack.botToken,
        ...(config.slack.signingSecret ? { signingSecret: config.slack.signingSecret } : {}),
        ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
        ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
        approvers: [...config.slack.approvers],
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
      })
    : undefined;
  await playground?.restore();
  if (slack) messengers.set('slack', slack.messenger);
  if (discord) messengers.set('discord', discord.messenger);
  if (playground) messengers.set('web', playground.messenger);

  // PUBLIC_URL, or in the sandbox the bot's own address, so the playground shows tracked links.
  const payLinkBase = config.publicUrl ?? (config.sandbox ? url : undefined);
  const bot = createBot({
    billing,
    stores,
    messengers,
    clock,
    logger,
    metrics,
    billingPerMinute: config.modelslab.billingPerMinute,
    billingPerMinuteCap: config.modelslab.billingPerMinuteCap,
    budget,
    ...(payLinkBase ? { payLinkBase } : {}),
    ownerId: instanceId,
    policy: config.policy,
    ...(config.alerts
      ? {
          alerts: {
            thresholdCents: config.alerts.lowBalanceCents,
            channel: config.alerts.channel,
            intervalMs: config.alerts.intervalMs,
            sandbox: config.sandbox,
          },
        }
      : {}),
  });
  const { engine } = bot;

  const routes: Route[] = [
    { prefix: '/metrics', handler: metrics.handler },
    {
      prefix: '/healthz',
      handler: healthHandler(
        {
          store: () => stores.ping(),
          billing: async () => {
            await billing.getBalance();
            return true;
          },
          ...(slack ? { slack: async () => slack.connected() } : {}),
          ...(discord ? { discord: async () => discord.connected() } : {}),
        },
        // Cached: an unauthenticated hit must not cost a ModelsLab call (src/ops/health.ts).
        options.healthIntervalMs !== undefined ? { intervalMs: options.healthIntervalMs } : {},
      ),
    },
  ];
  if (simulator) routes.push({ prefix: '/sandbox', handler: simulator.handler, strip: true });
  // The tracked pay links of the DMs (core/pay-link.ts), when the bot has a public address.
  if (payLinkBase) routes.push({ prefix: '/pay', handler: payLinkHandler(() => engine, logger), strip: true });
  if (slack?.requestHandler) routes.push({ prefix: '/slack/events', handler: slack.requestHandler });
  if (playground) routes.push({ prefix: '/', handler: playground.handler });
  handler = createRouter(routes);

  slack?.attach(engine);
  discord?.attach(engine);
  playground?.attach(engine);
  await Promise.all([slack?.start(), discord?.start()]);
  await bot.start();
  // Started by bot.start() above, stopped by bot.stop() (and first thing on shutdown, below).
  const alerts = bot.lowBalance;

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
      alerts?.stop();
      // Every event already handed to the engine's inbound port (Slack, Discord and the
      // playground alike) finishes, card edits and DMs included, before the watcher stops.
      await engine.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await bot.stop();
      await Promise.allSettled([slack?.stop(), discord?.stop()]);
      await stores.close();
    })();
    return stopping;
  };

  return { url, engine, stores, simulator, playground, slack, discord, stop };
}

const shuttingDown: HttpHandler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
};
