/**
 * Builds the Bolt App for one mode: HTTP (Bolt verifies each request's signature with the
 * signing secret) or Socket Mode (the app-level token opens the socket outwards). Only
 * construction lives here; listeners, guards and the lifecycle are their own files.
 *
 * OAuth (many workspaces): Bolt's own installer on the HTTP receiver serves the install page and
 * the redirect, keeps state verification on (a signed state plus the browser's state cookie),
 * stores each installation in our InstallationStore, and its `authorize` looks the installation
 * up for every payload, refreshing a rotating bot token that is about to expire. HTTP mode only:
 * the redirect needs a public URL anyway, and Slack does not list Socket Mode apps publicly.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type InstallationStore, SocketModeReceiver, webApi } from '@slack/bolt';
import { ConfigError } from '../../src/core/shared/errors.ts';
import { DEFAULT_LOCALE, localeOf, type MessageFormatter, type Texts, textsFor } from '../../src/core/shared/i18n.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { describe } from './slack-errors.ts';

export interface BoltOAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly installationStore: InstallationStore;
  readonly scopes: readonly string[];
  readonly redirectUri?: string | undefined;
  /** Called after an installation is stored; the browser then sees `page`. */
  readonly installed: (installation: Installation) => Promise<void>;
  /** The catalog's formatter for the install pages (default: src/i18n's). */
  readonly messages?: MessageFormatter | undefined;
}

type Installation = Parameters<InstallationStore['storeInstallation']>[0];

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface BoltAppOptions {
  readonly botToken?: string | undefined;
  readonly oauth?: BoltOAuthOptions | undefined;
  readonly signingSecret?: string | undefined;
  readonly appToken?: string | undefined;
  readonly apiUrl?: string | undefined;
  readonly retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number } | undefined;
  readonly requestTimeoutMs?: number | undefined;
  readonly logger: Logger;
}

export interface BoltApp {
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** Options every WebClient of this adapter shares (API base, retries, timeout). */
  readonly clientOptions: {
    readonly slackApiUrl?: string;
    readonly retryConfig: NonNullable<BoltAppOptions['retryConfig']>;
    readonly timeout: number;
  };
  readonly boltLogger: ReturnType<typeof toBoltLogger>;
  readonly httpReceiver?: HTTPReceiver;
  readonly socketReceiver?: SocketModeReceiver;
  /** OAuth mode: Bolt's InstallProvider (its `authorize` fetches, and refreshes, a workspace's token). */
  readonly installer?: NonNullable<HTTPReceiver['installer']>;
}

// 429s wait for Retry-After inside web-api (the request queue pauses) before this policy's own
// delay; 5xx and network errors get a few quick retries, so a blip delays a post but a dead
// Slack fails within seconds instead of the library default's ~30 minutes.
const DEFAULT_RETRY = { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 4_000, randomize: true };
const REQUEST_TIMEOUT_MS = 10_000;

export function createBoltApp(options: BoltAppOptions): BoltApp {
  const { logger, oauth } = options;
  const boltLogger = toBoltLogger(
    logger,
    [oauth?.clientSecret, oauth?.stateSecret, options.botToken].filter((s): s is string => !!s),
  );
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    timeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };

  const mode: 'http' | 'socket' = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) {
    throw new ConfigError('Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  }
  if (oauth && mode === 'socket')
    throw new ConfigError(
      'Slack OAuth (SLACK_CLIENT_ID) needs HTTP mode: set SLACK_SIGNING_SECRET and unset SLACK_APP_TOKEN',
    );
  if (!oauth && !options.botToken)
    throw new ConfigError('Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID/SECRET and SLACK_STATE_SECRET for OAuth');
  const httpReceiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: options.signingSecret ?? '',
          endpoints: ['/slack/events'],
          logger: boltLogger,
          ...(oauth ? oauthReceiverOptions(oauth, clientOptions, options.apiUrl, logger) : {}),
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
    ...(options.botToken && !oauth ? { token: options.botToken } : {}),
    logger: boltLogger,
    clientOptions,
    // auth.test runs in start(), where a bad token can fail loudly instead of as an unhandled
    // rejection from the constructor.
    deferInitialization: true,
    // Bolt's conversation store keeps per-channel state in memory; our state lives in the store.
    convoStore: false,
    // The error handler gets the payload too: a refusal can say which workspace it was.
    extendedErrorHandler: true,
    ...(httpReceiver ? { receiver: httpReceiver } : {}),
    ...(socketReceiver ? { receiver: socketReceiver, socketMode: true, appToken: options.appToken ?? '' } : {}),
  });
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (retrySec: number, info: { url?: string }) =>
    logger.warn({ retryAfterSec: retrySec, url: info?.url }, 'slack rate limited; waiting for Retry-After'),
  );
  app.error((async ({ error, body }: { error: Error & { code?: string }; body?: Record<string, unknown> }) => {
    if (error.code === 'slack_bolt_authorization_error') {
      // OAuth mode: no installation for this workspace (never installed, or uninstalled). Bolt
      // has acked it; nothing runs.
      const b = (body ?? {}) as { team_id?: string; team?: { id?: string }; enterprise_id?: string; type?: string };
      logger.warn(
        { team: b.team_id ?? b.team?.id, enterprise: b.enterprise_id, type: b.type },
        'slack payload from a workspace with no installation: refused, nothing done',
      );
      return;
    }
    logger.error({ err: describe(error) }, 'slack listener failed');
  }) as never);
  return {
    mode,
    app,
    clientOptions,
    ...(oauth && httpReceiver?.installer ? { installer: httpReceiver.installer } : {}),
    boltLogger,
    ...(httpReceiver ? { httpReceiver } : {}),
    ...(socketReceiver ? { socketReceiver } : {}),
  };
}

/** Slack's authorize page sits beside its Web API (`https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`). */
export function authorizationUrlFor(apiUrl: string | undefined): string | undefined {
  return apiUrl ? new URL('../oauth/v2/authorize', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString() : undefined;
}

function oauthReceiverOptions(
  oauth: BoltOAuthOptions,
  clientOptions: BoltApp['clientOptions'],
  apiUrl: string | undefined,
  logger: Logger,
) {
  const authorizationUrl = authorizationUrlFor(apiUrl);
  const messages = oauth.messages ?? createMessageFormatter();
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: oauth.installationStore,
    scopes: [...oauth.scopes],
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // The install page (an "Add to Slack" button) sets the state cookie first; a link
      // straight to Slack could not carry it.
      directInstall: false,
      stateVerification: true,
      clientOptions: { ...clientOptions },
      ...(authorizationUrl ? { authorizationUrl } : {}),
      callbackOptions: {
        successAsync: async (installation: Installation, _o: unknown, req: IncomingMessage, res: ServerResponse) => {
          await oauth.installed(installation).catch((err: unknown) => {
            logger.error({ err: describe(err), team: installation.team?.id }, 'after-install step failed');
          });
          const t = browserTexts(messages, req);
          page(res, 200, t.t('adapters.install_done_title'), t.t('adapters.install_done_body'));
        },
        failureAsync: async (error: { code?: string }, _o: unknown, req: IncomingMessage, res: ServerResponse) => {
          const state = error.code === 'slack_oauth_invalid_state' || error.code === 'slack_oauth_missing_state';
          // The error's code only: its message may quote what Slack sent.
          logger.warn({ code: error.code }, 'slack install did not complete');
          const t = browserTexts(messages, req);
          page(
            res,
            state ? 400 : 500,
            t.t('adapters.install_failed_title'),
            t.t(state ? 'adapters.install_state_body' : 'adapters.install_failed_body'),
          );
        },
      },
    },
  };
}

/** The install pages speak the browser's first language the catalog has (Accept-Language), else English. */
function browserTexts(messages: MessageFormatter, req: IncomingMessage | undefined): Texts {
  const header = req?.headers?.['accept-language'];
  const tags = (typeof header === 'string' ? header : '').split(',').map((part) => part.split(';')[0]);
  const locale = tags.map((tag) => localeOf(tag)).find((l) => l !== undefined) ?? DEFAULT_LOCALE;
  return textsFor(messages, locale);
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`,
  );
}
