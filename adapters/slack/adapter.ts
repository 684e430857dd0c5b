/**
 * The Slack adapter, composed: Bolt verifies and receives (bolt-app.ts, http-entry.ts), the
 * workspace guard drops other teams' payloads (workspace-guard.ts), the listeners ack and
 * normalise and hand each event to core's inbound port (listeners.ts), the responder and the
 * messenger render (responder.ts, messenger.ts). HTTP mode (signing secret) exposes Bolt's
 * request listener for the app's one HTTP server; Socket Mode (app token) connects outwards.
 */
import { webApi } from '@slack/bolt';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import { type Clock, type Logger, type Metrics, noMetrics, systemClock } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import type { HttpHandler } from '../../src/http/router.ts';
import { createApproverDirectory } from './approvers.ts';
import { createBoltApp } from './bolt-app.ts';
import { SlackConnection } from './connection.ts';
import { createSlackFormatter } from './format.ts';
import { defaultHome, HOME_UNAVAILABLE, type HomeProvider, renderHome } from './home.ts';
import { slackRequestHandler } from './http-entry.ts';
import { registerListeners } from './listeners.ts';
import { SlackMessenger, type SlackMessengerOptions } from './messenger.ts';
import type { PostOnceTiming } from './post-once.ts';
import { SlackResponder } from './responder.ts';
import { guardServedWorkspace } from './workspace-guard.ts';

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
  /** Core's inbound port (the engine): every acked event goes there. */
  attach(port: InboundPort): void;
  /** HTTP mode: mount at `/slack/events` without stripping the prefix. */
  readonly requestHandler?: HttpHandler;
  /** Checks the bot token (auth.test); Socket Mode also connects. */
  start(): Promise<void>;
  /** For /healthz: the bot token was accepted (HTTP mode) and, in Socket Mode, the socket is up. */
  connected(): boolean;
  /** Disconnects and waits (briefly) for events already being handled. */
  stop(): Promise<void>;
  setHomeProvider(provider: HomeProvider): void;
  /** Resolves when the attached port has no event in flight (tests; shutdown awaits the engine's). */
  idle(): Promise<void>;
}

const STOP_DRAIN_MS = 5_000;

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const sandbox = options.sandbox ?? false;
  const bolt = createBoltApp(options);
  const { app, mode } = bolt;
  guardServedWorkspace(app, logger);
  const connection = new SlackConnection(app, mode === 'socket', logger);

  const approvers = createApproverDirectory(options.approvers, app.client, {
    clock,
    logger,
    ...(options.groupCacheMs !== undefined ? { cacheMs: options.groupCacheMs } : {}),
  });
  const formatter = createSlackFormatter(approvers.ids);
  // chat.postMessage gets its own client with no retries and 429s handed back: a post that may
  // have been applied is never re-sent blindly (post-once.ts decides). Everything else keeps app.client.
  const postClient = new webApi.WebClient(options.botToken, {
    ...bolt.clientOptions,
    logger: bolt.boltLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const messenger = new SlackMessenger(app.client, formatter, {
    postClient,
    logger,
    ...(options.postTiming ? { postTiming: options.postTiming } : {}),
    ...(options.postJournal ? { postJournal: options.postJournal } : {}),
  });

  let port: InboundPort | undefined;
  // An explicit provider wins; else the engine's home once attached; else a short guide.
  let homeProvider: HomeProvider | undefined = options.home;
  const guide = defaultHome(sandbox);
  function homeFor(actor: Actor): Promise<readonly Reply[]> {
    if (homeProvider) return homeProvider(actor);
    if (port?.home) return port.home(actor);
    return guide(actor);
  }

  registerListeners(app, {
    port: () => port,
    approvers,
    responderFor: (target) => new SlackResponder(target, { messenger, client: app.client, formatter, logger, clock }),
    async publishHome(actor) {
      const replies = await homeFor(actor).catch((err: unknown) => {
        logger.error({ err, user: actor.id }, 'could not build the Home tab');
        return HOME_UNAVAILABLE;
      });
      await app.client.views.publish({ user_id: actor.id, view: renderHome(replies, formatter, { sandbox }) });
    },
    clock,
    metrics: options.metrics ?? noMetrics,
    logger,
  });

  const idle = () => port?.idle() ?? Promise.resolve();
  return {
    mode,
    messenger,
    ...(bolt.httpReceiver
      ? { requestHandler: slackRequestHandler(bolt.httpReceiver, () => connection.ready(), logger) }
      : {}),
    attach(p) {
      port = p;
    },
    setHomeProvider(p) {
      homeProvider = p;
    },
    connected: () => connection.connected(),
    async start() {
      await connection.start();
      logger.info(
        { mode, sandbox, initialized: connection.initialized, connected: connection.socketConnected },
        'slack adapter started',
      );
    },
    async stop() {
      messenger.stop();
      await connection.stop();
      await Promise.race([idle(), new Promise((r) => setTimeout(r, STOP_DRAIN_MS).unref())]);
    },
    idle,
  };
}
