/**
 * Slack in OAuth mode, for the many-workspaces tests: the real adapter (real Bolt, its own
 * installer and authorize) against the fake Slack with distribution on, the install pages and
 * /slack/events mounted on the app's router as src/app.ts mounts them, the InstallationStore on
 * a memory KeyValueStore whose raw contents a test can grep, a test AES-256-GCM box standing in
 * for the app's SECRETS_KEY box, and a recording stand-in for core's inbound port.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackAdapter,
  createSlackInstallationStore,
  type SecretBox,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../adapters/slack/index.ts';
import { type SlackDelivery, sendSlashCommand } from '../../fakes/slack/driver.ts';
import { FakeSlack, type InstallGrant } from '../../fakes/slack/fake-slack.ts';
import type { KeyValueStore, Logger } from '../../src/core/shared/ports.ts';
import { createRouter } from '../../src/http/router.ts';
import { RecordingEngine } from '../support/recording-engine.ts';

export const SIGNING = 'ws-signing-secret';
export const CLIENT_ID = '111.222';
export const CLIENT_SECRET = 'client-secret-0123456789abcdef';
export const STATE_SECRET = 'state-secret-fedcba9876543210';

/** A KeyValueStore in memory whose stored values a test can read raw. */
export class RawKv implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return this.map.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.map.set(key, JSON.parse(JSON.stringify(value)));
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  dump(): string {
    return JSON.stringify([...this.map.entries()]);
  }
}

/** AES-256-GCM with associated data, as the app's box seals (key id, iv, tag, ciphertext). */
export function testBox(): SecretBox {
  const key = randomBytes(32);
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `k1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, aad) {
      const raw = Buffer.from(sealed.slice('k1:'.length), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** Every log line as text (errors with message and stack), at every level. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const fmt = (v: unknown): string =>
    JSON.stringify(v, (_k, x) => (x instanceof Error ? { message: x.message, stack: x.stack, cause: x.cause } : x));
  const log =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(`${level} ${fmt(obj)} ${msg ?? ''}`);
    };
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return { logger, lines };
}

export interface Installed {
  readonly status: number;
  readonly page: string;
}

export class WorkspacesRig {
  readonly installs: Array<{
    teamId?: string;
    enterpriseId?: string;
    enterpriseInstall: boolean;
    installerUserId: string;
  }> = [];
  readonly uninstalls: Array<{ teamId?: string; enterpriseId?: string }> = [];
  readonly engine: RecordingEngine;
  readonly kv = new RawKv();
  readonly box = testBox();
  readonly log = captureLogger();
  approvers: Record<string, readonly string[]> = {};
  /** What the wiring does after an install (e.g. DM the installer a Connect button). */
  afterInstall: ((i: WorkspacesRig['installs'][number]) => Promise<void>) | undefined;
  fake!: FakeSlack;
  adapter!: SlackAdapter;
  base = '';
  #server: Server | undefined;

  constructor() {
    this.engine = new RecordingEngine(this.log.logger);
  }

  static async start(adapter: Partial<SlackAdapterOptions> = {}): Promise<WorkspacesRig> {
    const rig = new WorkspacesRig();
    rig.fake = new FakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    const { apiUrl } = await rig.fake.start();
    rig.#server = createServer((req, res) => void router(req, res));
    await new Promise<void>((resolve) => rig.#server?.listen(0, '127.0.0.1', resolve));
    rig.base = `http://127.0.0.1:${(rig.#server.address() as AddressInfo).port}`;
    const store = createSlackInstallationStore({ kv: rig.kv, box: rig.box, logger: rig.log.logger });
    rig.adapter = createSlackAdapter({
      signingSecret: SIGNING,
      apiUrl,
      approvers: [],
      approversFor: async (where) => rig.approvers[where.enterpriseId ?? where.teamId ?? ''] ?? [],
      logger: rig.log.logger,
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 },
      oauth: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        stateSecret: STATE_SECRET,
        installationStore: store,
        redirectUri: `${rig.base}/slack/oauth_redirect`,
        onInstalled: async (i) => {
          rig.installs.push(i);
          await rig.afterInstall?.(i);
        },
        onUninstalled: async (w) => {
          rig.uninstalls.push(w);
        },
      },
      ...adapter,
    });
    rig.adapter.attach(rig.engine);
    await rig.adapter.start();
    const events = rig.adapter.requestHandler;
    const install = rig.adapter.installHandler;
    if (!events || !install) throw new Error('OAuth mode needs both handlers');
    const router = createRouter([
      { prefix: '/slack/events', handler: events },
      { prefix: '/slack/install', handler: install },
      { prefix: '/slack/oauth_redirect', handler: install },
    ]);
    return rig;
  }

  get botUrl(): string {
    return `${this.base}/slack/events`;
  }

  /**
   * A person installs the app through the browser: the Add to Slack page (state cookie), Slack's
   * authorize page (approved as `grant`), the redirect back with the code and the cookie.
   */
  async install(
    grant: InstallGrant,
    options: { cookie?: string | null; acceptLanguage?: string } = {},
  ): Promise<Installed> {
    const page = await fetch(`${this.base}/slack/install`);
    const html = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const href = /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!href) throw new Error(`no authorize link on the install page: ${html}`);
    this.fake.tenancy.approveNextAs(grant);
    const authorized = await fetch(href, { redirect: 'manual' });
    const location = authorized.headers.get('location');
    if (!location) throw new Error(`authorize answered ${authorized.status}`);
    const sendCookie = options.cookie === undefined ? cookie : options.cookie;
    const back = await fetch(location, {
      headers: {
        ...(sendCookie ? { cookie: sendCookie } : {}),
        ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}),
      },
    });
    return { status: back.status, page: await back.text() };
  }

  command(
    w: { teamId: string; enterpriseId?: string; enterpriseInstall?: boolean },
    userId: string,
    channelId: string,
    text = 'status',
    command = '/ml',
  ): Promise<SlackDelivery> {
    return sendSlashCommand(
      this.botUrl,
      {
        command,
        text,
        userId,
        channelId,
        teamId: w.teamId,
        ...(w.enterpriseId ? { enterpriseId: w.enterpriseId } : {}),
        ...(w.enterpriseInstall ? { enterpriseInstall: true } : {}),
        responseUrl: this.fake.responseUrl(),
      },
      { secret: SIGNING },
    );
  }

  /** Every token the fake issued to a workspace. */
  tokensOf(where: { teamId?: string; enterpriseId?: string }): string[] {
    return this.fake.tenancy.tokensOf(where).map((t) => t.token);
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    await this.fake.stop();
  }
}
