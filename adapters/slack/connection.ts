/**
 * The adapter's lifecycle: auth.test (Bolt's init), then in Socket Mode the socket. A refused
 * token stops start-up with a config error that says which token to fix; Slack being
 * unreachable leaves the rest of the bot running and tries again every 30 s.
 */
import type { App } from '@slack/bolt';
import { ConfigError } from '../../src/core/shared/errors.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { describe, slackErrorCode } from './slack-errors.ts';

const RETRY_START_MS = 30_000;
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

export class SlackConnection {
  readonly #app: App;
  readonly #socketMode: boolean;
  readonly #logger: Logger;
  #initialized = false;
  #connected = false;
  #stopped = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(app: App, socketMode: boolean, logger: Logger) {
    this.#app = app;
    this.#socketMode = socketMode;
    this.#logger = logger;
  }

  get initialized(): boolean {
    return this.#initialized;
  }

  /** Accepting events: initialised and not stopped (HTTP mode's 503 until then). */
  ready(): boolean {
    return this.#initialized && !this.#stopped;
  }

  /** For /healthz: the bot token was accepted and, in Socket Mode, the socket is up. */
  connected(): boolean {
    return this.ready() && (this.#socketMode ? this.#connected : true);
  }

  get socketConnected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#bringUp();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#connected) {
      await this.#app.stop().catch((err: unknown) => this.#logger.warn({ err: describe(err) }, 'slack stop failed'));
      this.#connected = false;
    }
  }

  async #bringUp(): Promise<void> {
    try {
      if (!this.#initialized) {
        await this.#app.init();
        this.#initialized = true;
      }
      if (this.#socketMode && !this.#connected && !this.#stopped) {
        await this.#app.start();
        this.#connected = true;
      }
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && BAD_TOKEN.has(code)) {
        const which = this.#initialized
          ? 'SLACK_APP_TOKEN was refused by Slack (%s): generate an app-level token (xapp-…) with connections:write'
          : 'SLACK_BOT_TOKEN was refused by Slack (%s): copy the Bot User OAuth Token (xoxb-…) again';
        throw new ConfigError(which.replace('%s', code), { cause: err });
      }
      // Slack unreachable: keep the rest of the bot running and try again later.
      this.#logger.error({ err: describe(err) }, `slack start failed; retrying in ${RETRY_START_MS / 1000} s`);
      if (!this.#stopped) {
        this.#retryTimer = setTimeout(() => {
          this.#bringUp().catch((e: unknown) => this.#logger.error({ err: describe(e) }, 'slack start failed'));
        }, RETRY_START_MS);
        this.#retryTimer.unref();
      }
    }
  }
}
