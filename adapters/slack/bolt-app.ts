/**
 * Builds the Bolt App for one mode: HTTP (Bolt verifies each request's signature with the
 * signing secret) or Socket Mode (the app-level token opens the socket outwards). Only
 * construction lives here; listeners, guards and the lifecycle are their own files.
 */
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { ConfigError } from '../../src/core/shared/errors.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { describe } from './slack-errors.ts';

export interface BoltAppOptions {
  readonly botToken: string;
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
}

// 429s wait for Retry-After inside web-api (the request queue pauses) before this policy's own
// delay; 5xx and network errors get a few quick retries, so a blip delays a post but a dead
// Slack fails within seconds instead of the library default's ~30 minutes.
const DEFAULT_RETRY = { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 4_000, randomize: true };
const REQUEST_TIMEOUT_MS = 10_000;

export function createBoltApp(options: BoltAppOptions): BoltApp {
  const { logger } = options;
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
    ...(socketReceiver ? { receiver: socketReceiver, socketMode: true, appToken: options.appToken ?? '' } : {}),
  });
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (retrySec: number, info: { url?: string }) =>
    logger.warn({ retryAfterSec: retrySec, url: info?.url }, 'slack rate limited; waiting for Retry-After'),
  );
  app.error(async (err) => {
    logger.error({ err: describe(err) }, 'slack listener failed');
  });
  return {
    mode,
    app,
    clientOptions,
    boltLogger,
    ...(httpReceiver ? { httpReceiver } : {}),
    ...(socketReceiver ? { socketReceiver } : {}),
  };
}
