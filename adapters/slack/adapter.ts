/**
 * The Slack adapter: Bolt receives, acks within Slack's 3 s, normalises to InboundEvent and
 * hands the event to the engine after the ack. HTTP mode (signing secret) exposes Bolt's
 * request listener for the app's one HTTP server; Socket Mode (app token) connects outwards.
 */
import { App, HTTPReceiver, type RespondFn, SocketModeReceiver, webApi } from '@slack/bolt';
import { ConfigError } from '../../src/core/shared/errors.ts';
import {
  type Clock,
  type Logger,
  type Metrics,
  noMetrics,
  type Responder,
  systemClock,
} from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import type { HttpHandler } from '../../src/http/router.ts';
import { type ApproverDirectory, createApproverDirectory } from './approvers.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { createSlackFormatter } from './format.ts';
import { futureTimestamp, type ServedWorkspace, servedWorkspaceOf, servesPayload } from './guards.ts';
import { defaultHome, HOME_UNAVAILABLE, type HomeProvider, renderHome } from './home.ts';
import { SlackMessenger, type SlackMessengerOptions } from './messenger.ts';
import {
  actionEvent,
  type BlockActionsPayload,
  COMMANDS,
  clickedMessage,
  commandEvent,
  type SlashCommandPayload,
} from './normalize.ts';
import type { PostOnceTiming } from './post-once.ts';
import { SlackResponder } from './responder.ts';
import { describe, slackErrorCode } from './slack-errors.ts';

export interface InboundHandler {
  handle(event: InboundEvent, responder: Responder): Promise<void>;
  /** The App Home for one person (ConversationEngine.home); without it the Home tab shows a guide. */
  home?(actor: Actor): Promise<readonly Reply[]>;
}

export interface SlackAdapterOptions {
  readonly botToken: string;
  /** HTTP mode: Bolt verifies every request's signature and timestamp with it. */
  readonly signingSecret?: string;
  /** Socket Mode (`xapp-…`); wins over HTTP mode when both are set. */
  readonly appToken?: string;
  /** Web API base, e.g. `http://127.0.0.1:8080/api/` (proxies, tests). */
  readonly apiUrl?: string;
  /** SLACK_APPROVERS: user ids (U…/W…) and user-group ids (S…). */
  readonly approvers: readonly string[];
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly sandbox?: boolean;
  readonly clock?: Clock;
  readonly home?: HomeProvider;
  /** @slack/web-api retry policy (p-retry options); 429s always wait for Retry-After first. */
  readonly retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Cache for user-group membership (default 5 minutes). */
  readonly groupCacheMs?: number;
  /** Web API request timeout (default 10 s; tests shorten it). */
  readonly requestTimeoutMs?: number;
  /** Read-back and duplicate-check timing for posts whose outcome is unknown (post-once.ts). */
  readonly postTiming?: Partial<PostOnceTiming>;
  /** The store's KeyValueStore: post keys written before sending, so a restart adopts a post it did not record. */
  readonly postJournal?: SlackMessengerOptions['postJournal'];
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  readonly messenger: SlackMessenger;
  attach(engine: InboundHandler): void;
  /** HTTP mode: mount at `/slack/events` without stripping the prefix. */
  readonly requestHandler?: HttpHandler;
  /** Checks the bot token (auth.test); Socket Mode also connects. */
  start(): Promise<void>;
  /** For /healthz: the bot token was accepted (HTTP mode) and, in Socket Mode, the socket is up. */
  connected(): boolean;
  /** Disconnects and waits (briefly) for events already being handled. */
  stop(): Promise<void>;
  setHomeProvider(provider: HomeProvider): void;
  /** Resolves when no inbound event is being handled (tests, shutdown). */
  idle(): Promise<void>;
}

// 429s wait for Retry-After inside web-api (the request queue pauses) before this policy's own
// delay; 5xx and network errors get a few quick retries, so a blip delays a post but a dead
// Slack fails within seconds instead of the library default's ~30 minutes.
const DEFAULT_RETRY = { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 4_000, randomize: true };
const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_START_MS = 30_000;
const STOP_DRAIN_MS = 5_000;
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? noMetrics;
  const boltLogger = toBoltLogger(logger);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };

  const mode: 'http' | 'socket' = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) {
    throw new ConfigError('Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  }
  const httpReceiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: options.signingSecret ?? '',
          endpoints: ['/slack/events'],
          logger: boltLogger,
        })
      : undefined;
  const socketReceiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: options.appToken ?? '',
          logger: boltLogger,
          // A copy: the socket client writes its own defaults into the object it is given.
          installerOptions: { clientOptions: { ...clientOptions } },
        })
      : undefined;
  // The socket client re-emits WebSocket errors as 'error'; unheard, that would kill the process.
  socketReceiver?.client.on('error', (err: unknown) => logger.warn({ err: describe(err) }, 'slack socket error'));

  const app = new App({
    token: options.botToken,
    logger: boltLogger,
    clientOptions,
    // auth.test runs in start(), where a bad token can fail loudly instead of as an unhandled
    // rejection from the constructor.
    deferInitialization: true,
    // Bolt's conversation store keeps per-channel state in memory; our state lives in the store.
    convoStore: false,
    ...(httpReceiver ? { receiver: httpReceiver } : {}),
    ...(socketReceiver ? { receiver: socketReceiver, socketMode: true, appToken: options.appToken } : {}),
  });
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (retrySec: number, info: { url?: string }) =>
    logger.warn({ retryAfterSec: retrySec, url: info?.url }, 'slack rate limited; waiting for Retry-After'),
  );
  app.error(async (err) => {
    logger.error({ err: describe(err) }, 'slack listener failed');
  });

  // The workspace this bot serves, from the auth.test that Bolt's init runs (one call, not two):
  // the answer names the team and, in an Enterprise Grid, the enterprise (guards.ts).
  let workspace: ServedWorkspace | undefined;
  const authTest = app.client.auth.test.bind(app.client.auth);
  app.client.auth.test = (async (args?: Parameters<typeof authTest>[0]) => {
    const result = await authTest(args);
    workspace = servedWorkspaceOf(result) ?? workspace;
    return result;
  }) as typeof authTest;
  // Before every listener: a payload from another team or enterprise is acked (Slack shows
  // nothing, an attacker learns nothing) and dropped, with one log line for the operator.
  app.use(async (args) => {
    const origin = { teamId: args.context.teamId, enterpriseId: args.context.enterpriseId };
    if (servesPayload(workspace, origin)) {
      await args.next();
      return;
    }
    logger.warn(
      {
        team: origin.teamId,
        enterprise: origin.enterpriseId,
        servedTeam: workspace?.teamId,
        servedEnterprise: workspace?.enterpriseId,
        type: (args.body as { type?: string }).type,
        user:
          (args.body as { user?: { id?: string }; user_id?: string }).user?.id ??
          (args.body as { user_id?: string }).user_id,
      },
      'slack payload from a workspace this bot does not serve: refused, nothing done',
    );
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  });

  const approvers: ApproverDirectory = createApproverDirectory(options.approvers, app.client, {
    clock,
    logger,
    ...(options.groupCacheMs !== undefined ? { cacheMs: options.groupCacheMs } : {}),
  });
  const formatter = createSlackFormatter(approvers.ids);
  // chat.postMessage gets its own client with no retries and 429s handed back: a post that may
  // have been applied is never re-sent blindly (post-once.ts decides). Everything else keeps app.client.
  const postClient = new webApi.WebClient(options.botToken, {
    ...clientOptions,
    logger: boltLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const messenger = new SlackMessenger(app.client, formatter, {
    postClient,
    logger,
    ...(options.postTiming ? { postTiming: options.postTiming } : {}),
    ...(options.postJournal ? { postJournal: options.postJournal } : {}),
  });
  // An explicit provider wins; else the engine's home once attached; else a short guide.
  let homeProvider: HomeProvider | undefined = options.home;
  const guide = defaultHome(options.sandbox ?? false);
  let engine: InboundHandler | undefined;
  let initialized = false;
  let connected = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const inflight = new Set<Promise<void>>();

  /** Run after the ack; nothing thrown here reaches Bolt or the process. */
  function afterAck(label: string, work: () => Promise<void>): void {
    const p: Promise<void> = work()
      .catch((err: unknown) => logger.error({ err, label }, 'slack event handling failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }

  function responderFor(t: ConstructorParameters<typeof SlackResponder>[0]): SlackResponder {
    return new SlackResponder(t, { messenger, client: app.client, formatter, logger, clock });
  }

  async function deliver(event: InboundEvent, responder: SlackResponder): Promise<void> {
    if (!engine) {
      logger.warn({ eventId: event.eventId }, 'slack event before the engine was attached; dropped');
      return;
    }
    try {
      await engine.handle(event, responder);
    } catch (err) {
      // The child logger is built only here: pino redacts its bindings on creation, which cost
      // measurable time per event on the ack path (docs/benchmarks.md).
      logger
        .child({ eventId: event.eventId, user: event.actor.id, kind: event.kind })
        .error({ err }, 'engine failed on a slack event');
      await responder
        .reply({ text: `Something went wrong on our side (ref: ${event.eventId}).`, ephemeral: true, tone: 'danger' })
        .catch(() => {});
    }
  }

  for (const name of Object.keys(COMMANDS)) {
    app.command(name, async ({ command, ack, respond }) => {
      const receivedAt = clock.now();
      await ack();
      metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
      afterAck(name, async () => {
        const payload = command as SlashCommandPayload;
        const isApprover = await approvers.isApprover(payload.user_id);
        const event = commandEvent(payload, { isApprover, receivedAt });
        if (!event) return;
        const target = { channelId: payload.channel_id, userId: payload.user_id, fromAction: false, receivedAt };
        await deliver(event, responderFor({ ...target, respond: respond as RespondFn | undefined }));
      });
    });
  }

  // One listener for every button: action_id is `<action>~<index>` (see render.ts). Link
  // buttons send block_actions too; they are acked and ignored.
  app.action(/.*/, async ({ ack, body, respond }) => {
    const receivedAt = clock.now();
    await ack();
    metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
    if (body.type !== 'block_actions') return;
    const payload = body as unknown as BlockActionsPayload;
    afterAck('block_actions', async () => {
      const isApprover = await approvers.isApprover(payload.user.id);
      const event = actionEvent(payload, { isApprover, receivedAt });
      if (!event) return;
      const target = {
        channelId: event.conversation.channelId,
        userId: payload.user.id,
        fromAction: true,
        receivedAt,
        clicked: clickedMessage(payload),
      };
      const responder = responderFor({ ...target, respond: respond as RespondFn | undefined });
      await deliver(event, responder);
      if (event.action === 'dismiss') await responder.dismissOriginal();
    });
  });

  // Refreshed on every open: the balance and open requests change between visits.
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    afterAck('app_home_opened', async () => {
      const actor: Actor = { platform: 'slack', id: event.user, isApprover: await approvers.isApprover(event.user) };
      const replies = await homeFor(actor).catch((err: unknown) => {
        logger.error({ err, user: event.user }, 'could not build the Home tab');
        return HOME_UNAVAILABLE;
      });
      await app.client.views.publish({
        user_id: event.user,
        view: renderHome(replies, formatter, { sandbox: options.sandbox ?? false }),
      });
    });
  });

  function homeFor(actor: Actor): Promise<readonly Reply[]> {
    if (homeProvider) return homeProvider(actor);
    if (engine?.home) return engine.home(actor);
    return guide(actor);
  }

  /** auth.test, then (Socket Mode) connect. A refused token stops start-up; an outage retries later. */
  async function bringUp(): Promise<void> {
    try {
      if (!initialized) {
        await app.init();
        initialized = true;
      }
      if (socketReceiver && !connected && !stopped) {
        await app.start();
        connected = true;
      }
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && BAD_TOKEN.has(code)) {
        const which = initialized
          ? 'SLACK_APP_TOKEN was refused by Slack (%s): generate an app-level token (xapp-…) with connections:write'
          : 'SLACK_BOT_TOKEN was refused by Slack (%s): copy the Bot User OAuth Token (xoxb-…) again';
        throw new ConfigError(which.replace('%s', code), { cause: err });
      }
      // Slack unreachable: keep the rest of the bot running and try again later.
      logger.error({ err: describe(err) }, `slack start failed; retrying in ${RETRY_START_MS / 1000} s`);
      if (!stopped) {
        retryTimer = setTimeout(() => {
          bringUp().catch((e: unknown) => logger.error({ err: describe(e) }, 'slack start failed'));
        }, RETRY_START_MS);
        retryTimer.unref();
      }
    }
  }

  const requestHandler: HttpHandler | undefined = httpReceiver
    ? (req, res) => {
        if (!initialized || stopped) {
          res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('slack adapter starting');
          return;
        }
        // Bolt refuses a timestamp more than 5 minutes old but not one in the future (guards.ts).
        // Date.now(), not the injected clock: the same wall clock Bolt checks the past side with.
        const ahead = futureTimestamp(req.headers['x-slack-request-timestamp'], Date.now());
        if (ahead) {
          logger.warn({ reason: ahead }, 'slack request refused: timestamp in the future');
          res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request timestamp');
          return;
        }
        try {
          // Bolt reads the raw body, checks X-Slack-Signature and the 5-minute timestamp window
          // (401 otherwise), then dispatches and answers as soon as a listener acks.
          httpReceiver.requestListener(req, res);
        } catch {
          // Not a POST to /slack/events: Bolt defers it to us.
          if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        }
      }
    : undefined;

  return {
    mode,
    messenger,
    ...(requestHandler ? { requestHandler } : {}),
    attach(e) {
      engine = e;
    },
    setHomeProvider(p) {
      homeProvider = p;
    },
    connected: () => initialized && !stopped && (socketReceiver ? connected : true),
    async start() {
      stopped = false;
      await bringUp();
      logger.info({ mode, sandbox: options.sandbox ?? false, initialized, connected }, 'slack adapter started');
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      messenger.stop();
      if (connected) {
        await app.stop().catch((err: unknown) => logger.warn({ err: describe(err) }, 'slack stop failed'));
        connected = false;
      }
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, STOP_DRAIN_MS).unref())]);
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
