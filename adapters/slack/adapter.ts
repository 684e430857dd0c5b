/**
 * The Slack adapter, composed: Bolt verifies and receives (bolt-app.ts, http-entry.ts), the
 * workspace guard drops other teams' payloads (workspace-guard.ts), the listeners ack and
 * normalise and hand each event to core's inbound port (listeners.ts, form-listener.ts), the
 * responder and the messenger render (responder.ts, messenger.ts). HTTP mode (signing secret)
 * exposes Bolt's request listener for the app's one HTTP server; Socket Mode (app token)
 * connects outwards.
 *
 * Two ways to hold tokens: one bot token (SLACK_BOT_TOKEN: one workspace, guarded), or OAuth
 * (many workspaces): each installed workspace's token comes from the installation store through
 * Bolt's authorize, and every Web API call for a workspace uses that workspace's own token
 * (workspaces.ts); a payload from a workspace with no installation is acked and dropped by Bolt.
 */
import { type Context, type InstallationStore, webApi } from '@slack/bolt';
import type { MessageFormatter } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import {
  type Clock,
  type Logger,
  type Messenger,
  type Metrics,
  noMetrics,
  systemClock,
} from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, ConversationRef } from '../../src/core/shared/types.ts';
import type { HttpHandler } from '../../src/http/router.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { createApproverDirectory, FallbackApprovers } from './approvers.ts';
import { createBoltApp, INSTALL_PATH, REDIRECT_PATH } from './bolt-app.ts';
import { SlackConnection } from './connection.ts';
import { registerFormListener } from './form-listener.ts';
import { createSlackFormatter } from './format.ts';
import { defaultHome, type HomeProvider, homeTexts, homeUnavailable, renderHome } from './home.ts';
import { slackInstallHandler, slackRequestHandler } from './http-entry.ts';
import { type ListenerDeps, registerListeners } from './listeners.ts';
import { SlackMessenger, type SlackMessengerOptions } from './messenger.ts';
import type { PostOnceTiming } from './post-once.ts';
import { SlackResponder } from './responder.ts';
import { registerShortcutListeners } from './shortcuts.ts';
import { registerUninstall } from './uninstall.ts';
import { createUserInfoCache } from './user-info.ts';
import { guardServedWorkspace } from './workspace-guard.ts';
import { type SlackWhere, type SlackWorkspace, WorkspaceSet, workspaceKey } from './workspaces.ts';

/** The bot scopes an OAuth install asks for (manifest.yml lists the same, with the reasons). */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'files:write',
  'usergroups:read',
  'users:read',
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  // conversations.info: a payload's channel must be the claimed workspace's (origin.ts).
  'channels:read',
  'groups:read',
  'im:read',
  'mpim:read',
] as const;

export interface SlackOAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly installationStore: InstallationStore;
  /** Default SLACK_BOT_SCOPES. */
  readonly scopes?: readonly string[];
  /** `<PUBLIC_URL>/slack/oauth_redirect`; must be one of the app's redirect URLs. */
  readonly redirectUri?: string;
  onInstalled?(i: {
    teamId?: string;
    enterpriseId?: string;
    enterpriseInstall: boolean;
    installerUserId: string;
  }): Promise<void>;
  onUninstalled?(where: { teamId?: string; enterpriseId?: string }): Promise<void>;
}

export interface SlackAdapterOptions {
  /** The catalog's formatter for the adapter's own texts (the Home guide; default: src/i18n's). */
  readonly messages?: MessageFormatter | undefined;
  /** Single-token mode (one workspace). Absent in OAuth mode. */
  readonly botToken?: string;
  /** OAuth mode (many workspaces, HTTP mode only). */
  readonly oauth?: SlackOAuthOptions;
  /** HTTP mode: Bolt verifies every request's signature and timestamp with it. */
  readonly signingSecret?: string;
  /** Socket Mode (`xapp-…`); wins over HTTP mode when both are set. */
  readonly appToken?: string;
  /** Web API base, e.g. `http://127.0.0.1:8080/api/` (proxies, tests). */
  readonly apiUrl?: string;
  /** SLACK_APPROVERS: user ids (U…/W…) and user-group ids (S…). */
  readonly approvers: readonly string[];
  /** OAuth mode: one workspace's approvers (its settings); default `approvers`. */
  approversFor?(where: { teamId?: string; enterpriseId?: string }): Promise<readonly string[]>;
  /**
   * Issue 17: the fallback approvers (users U…/W…, groups S…) escalated requests go to, per
   * workspace (OAuth) or for the one workspace (`{}` in single-token mode). None when absent.
   */
  fallbackApproversFor?(where: { teamId?: string; enterpriseId?: string }): Promise<readonly string[]>;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly sandbox?: boolean;
  readonly clock?: Clock;
  readonly home?: HomeProvider;
  /** @slack/web-api retry policy (p-retry options); 429s always wait for Retry-After first. */
  readonly retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Cache for user-group membership (default 5 minutes). */
  readonly groupCacheMs?: number;
  /** How long an event waits for a person's first users.info before answering in the workspace language (default 1.5 s). */
  readonly localeBudgetMs?: number;
  /** Web API request timeout (default 10 s; tests shorten it). */
  readonly requestTimeoutMs?: number;
  /** Read-back and duplicate-check timing for posts whose outcome is unknown (post-once.ts). */
  readonly postTiming?: Partial<PostOnceTiming>;
  /** The store's KeyValueStore: post keys written before sending, so a restart adopts a post it did not record. */
  readonly postJournal?: SlackMessengerOptions['postJournal'];
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  /** Single-token mode's messenger. In OAuth mode it holds no token: use `messengerFor`. */
  readonly messenger: SlackMessenger;
  /**
   * The engine's Messenger for one workspace: every call with THAT workspace's bot token (from
   * the installation store, refreshed when it rotates). Single-token mode: `messenger`.
   */
  messengerFor(where: { teamId?: string; enterpriseId?: string }): Messenger;
  /** Core's inbound port (the engine): every acked event goes there. */
  attach(port: InboundPort): void;
  /** HTTP mode: mount at `/slack/events` without stripping the prefix. */
  readonly requestHandler?: HttpHandler;
  /** OAuth mode: GET /slack/install (the Add to Slack page) and GET /slack/oauth_redirect; mount without stripping. */
  readonly installHandler?: HttpHandler;
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
  const { logger, oauth } = options;
  const clock = options.clock ?? systemClock;
  const sandbox = options.sandbox ?? false;
  const messages = options.messages ?? createMessageFormatter();
  let workspaces: WorkspaceSet | undefined;
  // One users.info per person for every lookup (admin rights, language), per workspace token.
  const users = createUserInfoCache({ clock });
  const forgetWorkspace = (where: SlackWhere) => {
    workspaces?.forget(where);
    const key = workspaceKey(where);
    if (key) users.forget(key);
  };
  const bolt = createBoltApp({
    ...options,
    oauth: oauth && {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateSecret: oauth.stateSecret,
      installationStore: oauth.installationStore,
      scopes: oauth.scopes ?? SLACK_BOT_SCOPES,
      redirectUri: oauth.redirectUri,
      async installed(i) {
        const enterpriseInstall = i.isEnterpriseInstall === true;
        // A reinstall brings a new token: drop the cached one.
        forgetWorkspace({ teamId: i.team?.id, ...(enterpriseInstall ? { enterpriseId: i.enterprise?.id } : {}) });
        logger.info({ team: i.team?.id, enterprise: i.enterprise?.id, enterpriseInstall }, 'slack app installed');
        await oauth.onInstalled?.({
          ...(i.team?.id ? { teamId: i.team.id } : {}),
          ...(i.enterprise?.id ? { enterpriseId: i.enterprise.id } : {}),
          enterpriseInstall,
          installerUserId: i.user.id,
        });
      },
    },
  });
  const { app, mode } = bolt;
  if (!oauth) guardServedWorkspace(app, logger);
  const connection = new SlackConnection(app, mode === 'socket', logger);

  // chat.postMessage gets its own client with no retries and 429s handed back: a post that may
  // have been applied is never re-sent blindly (post-once.ts decides). Everything else retries.
  const postClientFor = (token: string | undefined) =>
    new webApi.WebClient(token, {
      ...bolt.clientOptions,
      logger: bolt.boltLogger,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  const messengerOptions = {
    logger,
    ...(options.postTiming ? { postTiming: options.postTiming } : {}),
  };

  const approvers = createApproverDirectory(options.approvers, app.client, {
    clock,
    logger,
    ...(options.groupCacheMs !== undefined ? { cacheMs: options.groupCacheMs } : {}),
  });
  const fallbackApprovers = new FallbackApprovers(
    async () => (options.fallbackApproversFor ? options.fallbackApproversFor({}) : []),
    (ids) =>
      createApproverDirectory(ids, app.client, {
        clock,
        logger,
        ...(options.groupCacheMs !== undefined ? { cacheMs: options.groupCacheMs } : {}),
      }),
  );
  const formatter = createSlackFormatter(approvers.ids, () => fallbackApprovers.ids);
  const messenger = new SlackMessenger(app.client, formatter, {
    postClient: postClientFor(oauth ? undefined : options.botToken),
    ...messengerOptions,
    ...(options.postJournal && !oauth ? { postJournal: options.postJournal } : {}),
  });
  const single: SlackWorkspace = {
    key: 'single',
    client: app.client,
    messenger,
    formatter,
    isApprover: (id) => approvers.isApprover(id),
    isFallbackApprover: (id) => fallbackApprovers.isFallbackApprover(id),
    isAdmin: async () => undefined,
  };

  if (oauth && bolt.installer) {
    const installer = bolt.installer;
    const approversFor = options.approversFor ?? (async () => options.approvers);
    workspaces = new WorkspaceSet({
      clients: (token) => ({
        client: new webApi.WebClient(token, { ...bolt.clientOptions, logger: bolt.boltLogger }),
        postClient: postClientFor(token),
      }),
      async installed(where) {
        // authorize refreshes a rotating token close to expiry (and stores the new one).
        const auth = await installer.authorize(installationQuery(where));
        if (!auth.botToken) throw new Error('the installation holds no bot token');
        const installation = await oauth.installationStore
          .fetchInstallation(installationQuery(where))
          .catch(() => undefined);
        return { botToken: auth.botToken, installerUserId: installation?.user.id };
      },
      async installerOf(where) {
        return (await oauth.installationStore.fetchInstallation(installationQuery(where))).user.id;
      },
      fallbackApproversFor: options.fallbackApproversFor
        ? (where) =>
            options.fallbackApproversFor?.({
              ...(where.teamId ? { teamId: where.teamId } : {}),
              ...(where.enterpriseId ? { enterpriseId: where.enterpriseId } : {}),
            }) ?? Promise.resolve([])
        : undefined,
      approversFor: (where) =>
        approversFor({
          ...(where.teamId ? { teamId: where.teamId } : {}),
          ...(where.enterpriseId ? { enterpriseId: where.enterpriseId } : {}),
        }),
      messengerOptions,
      postJournal: options.postJournal,
      clock,
      logger,
      groupCacheMs: options.groupCacheMs,
      users,
    });
  }

  function workspaceOf(context: Context): SlackWorkspace {
    if (!workspaces) return single;
    if (!context.botToken) throw new Error('no bot token for this workspace');
    return workspaces.forEvent(whereOfContext(context), context.botToken);
  }

  let port: InboundPort | undefined;
  // An explicit provider wins; else the engine's home once attached; else a short guide.
  let homeProvider: HomeProvider | undefined = options.home;
  const guide = defaultHome(sandbox, messages);
  function homeFor(actor: Actor, where: ConversationRef): Promise<readonly Reply[]> {
    if (homeProvider) return homeProvider(actor);
    if (port?.home) return port.home(actor, where);
    return guide(actor);
  }

  const listenerDeps: ListenerDeps = {
    port: () => port,
    workspaceOf,
    responderFor: (target, ws) =>
      new SlackResponder(target, {
        messenger: ws.messenger,
        client: ws.client as never,
        formatter: ws.formatter,
        logger,
        clock,
        messages,
      }),
    async publishHome(actor, ws, where) {
      const replies = await homeFor(actor, where).catch((err: unknown) => {
        logger.error({ err, user: actor.id }, 'could not build the Home tab');
        return homeUnavailable(homeTexts(messages, actor));
      });
      const t = homeTexts(messages, actor);
      await ws.client.views.publish({ user_id: actor.id, view: renderHome(replies, ws.formatter, { sandbox, t }) });
    },
    locales: { users, logger, ...(options.localeBudgetMs !== undefined ? { budgetMs: options.localeBudgetMs } : {}) },
    clock,
    metrics: options.metrics ?? noMetrics,
    logger,
  };
  registerListeners(app, listenerDeps);
  registerFormListener(app, listenerDeps);
  registerShortcutListeners(app, listenerDeps);
  if (oauth && workspaces) {
    registerUninstall(app, {
      store: oauth.installationStore,
      forget: forgetWorkspace,
      onUninstalled: oauth.onUninstalled?.bind(oauth),
      logger,
    });
  }

  const idle = () => port?.idle() ?? Promise.resolve();
  const httpReceiver = bolt.httpReceiver;
  return {
    mode,
    messenger,
    messengerFor(where: SlackWhere) {
      return workspaces ? workspaces.messengerFor(where) : messenger;
    },
    ...(httpReceiver ? { requestHandler: slackRequestHandler(httpReceiver, () => connection.ready(), logger) } : {}),
    ...(httpReceiver && oauth
      ? { installHandler: slackInstallHandler(httpReceiver, [INSTALL_PATH, REDIRECT_PATH], logger) }
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
      // Escalations posted by a sweep before any event mention the current fallback approvers.
      if (!oauth)
        await fallbackApprovers
          .refresh()
          .catch((err: unknown) => logger.warn({ err: String(err) }, 'could not read the fallback approvers'));
      logger.info(
        {
          mode,
          sandbox,
          oauth: oauth !== undefined,
          initialized: connection.initialized,
          connected: connection.socketConnected,
        },
        'slack adapter started',
      );
    },
    async stop() {
      messenger.stop();
      workspaces?.stop();
      await connection.stop();
      await Promise.race([idle(), new Promise((r) => setTimeout(r, STOP_DRAIN_MS).unref())]);
    },
    idle,
  };
}

function installationQuery(where: SlackWhere): Parameters<InstallationStore['fetchInstallation']>[0] {
  return {
    teamId: where.teamId,
    enterpriseId: where.enterpriseId,
    isEnterpriseInstall: where.enterpriseId !== undefined,
  } as Parameters<InstallationStore['fetchInstallation']>[0];
}

function whereOfContext(context: Context): SlackWhere {
  return {
    ...(context.teamId ? { teamId: context.teamId } : {}),
    ...(context.isEnterpriseInstall && context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
  };
}
