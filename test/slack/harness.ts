/**
 * The whole bot behind Slack, for full-flow tests: the ModelsLab simulator over loopback HTTP,
 * the real billing client, memory stores, the real checkout watcher (fast timings), the real
 * engine and the real Slack adapter (real Bolt), mounted on the app's router exactly as
 * src/app.ts mounts it, talking to the fake Slack. Tests drive it the way people do: signed
 * slash commands and clicks on the buttons the bot rendered.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.ts';
import {
  buttonsIn,
  clickButton,
  findButton,
  openAppHome,
  type RenderedButton,
  type SlackDelivery,
  sendSlashCommand,
} from '../../fakes/slack/driver.ts';
import { FakeSlack, type StoredMessage } from '../../fakes/slack/fake-slack.ts';
import type { ModelsLabBilling } from '../../src/billing/index.ts';
import type { Bot } from '../../src/bot.ts';
import { createLowBalanceMonitor } from '../../src/channel-jobs.ts';
import type { LowBalanceMonitor, LowBalanceMonitorOptions } from '../../src/core/alerts/low-balance-monitor.ts';
import type { ConversationEngine } from '../../src/core/engine.ts';
import type { Locale } from '../../src/core/shared/i18n.ts';
import type { Cents } from '../../src/core/shared/money.ts';
import type { Policy } from '../../src/core/shared/policy.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import { createRouter } from '../../src/http/router.ts';
import type { Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { createTestBot, type LiveBilling, startLiveBilling } from '../support/live-billing.ts';

export const SIGNING_SECRET = 'harness-signing-secret';
export const CHANNEL = 'C0GENERAL';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB'; // an approver, through the S0FINANCE user group
export const CAROL = 'U0CAROL'; // listed as an approver by id
export const MALLORY = 'U0MALLORY'; // nobody special
export const ALERTS = 'C0ALERTS';

export interface SlackAppOptions {
  readonly policy?: Partial<Policy>;
  /** Adapter options over the defaults (a short Web API timeout for a slow fake Slack). */
  readonly adapter?: Partial<SlackAdapterOptions>;
  /** A ModelsLab of the test's own (e.g. startLaggingBilling); closed with the app. */
  readonly live?: LiveBilling;
  /** The workspace's language (default English). */
  readonly locale?: Locale;
}

export interface ClickTarget {
  readonly channelId: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
  readonly threadTs?: string;
  readonly ephemeral?: boolean;
}

export class SlackApp {
  readonly fake: FakeSlack;
  readonly sim: Simulator;
  /** The simulator's API base (`…/api/agents/v1`), for reading what ModelsLab holds. */
  readonly simApiUrl: string;
  /** The real billing port the bot uses (a LowBalanceMonitor shares it). */
  readonly billing: ModelsLabBilling;
  readonly stores: Stores;
  readonly adapter: SlackAdapter;
  readonly engine: ConversationEngine;
  readonly bot: Bot;
  readonly botUrl: string;
  readonly #server: Server;
  /** response_url id → the channel the event came from (to tell DM answers from channel answers). */
  readonly responseChannels = new Map<string, string>();

  private constructor(parts: {
    fake: FakeSlack;
    sim: Simulator;
    simApiUrl: string;
    billing: ModelsLabBilling;
    stores: Stores;
    adapter: SlackAdapter;
    engine: ConversationEngine;
    bot: Bot;
    server: Server;
  }) {
    this.fake = parts.fake;
    this.sim = parts.sim;
    this.simApiUrl = parts.simApiUrl;
    this.billing = parts.billing;
    this.stores = parts.stores;
    this.adapter = parts.adapter;
    this.engine = parts.engine;
    this.bot = parts.bot;
    this.#server = parts.server;
    this.botUrl = `http://127.0.0.1:${(parts.server.address() as AddressInfo).port}/slack/events`;
  }

  static async start(options: SlackAppOptions = {}): Promise<SlackApp> {
    const { sim, billing, apiUrl: simApiUrl } = options.live ?? (await startLiveBilling());
    const stores = await createStores('memory://');
    const fake = new FakeSlack({ groups: { S0FINANCE: [BOB] } });
    const slack = await fake.start();
    const adapter = createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      approvers: [CAROL, 'S0FINANCE'],
      logger: silentLogger,
      sandbox: true,
      retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 100 },
      ...options.adapter,
    });
    const bot = createTestBot({
      billing,
      stores,
      platform: 'slack',
      messenger: adapter.messenger,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    const { engine } = bot;
    adapter.attach(engine);
    await adapter.start();
    await bot.start();
    const handler = adapter.requestHandler;
    if (!handler) throw new Error('HTTP mode expected');
    const router = createRouter([{ prefix: '/slack/events', handler }]);
    const server = createServer((req, res) => void router(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SlackApp({ fake, sim, simApiUrl, billing, stores, adapter, engine, bot, server });
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.bot.stop();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.stores.close();
    await this.sim.stop();
    await this.fake.stop();
  }

  /** Type a slash command in `channelId`; resolves with Slack's view of the HTTP answer. */
  async command(
    userId: string,
    command: string,
    text: string,
    channelId = CHANNEL,
  ): Promise<SlackDelivery & { responseUrlId: string }> {
    const responseUrl = this.fake.responseUrl();
    const responseUrlId = responseUrl.split('/').at(-1) ?? '';
    this.responseChannels.set(responseUrlId, channelId);
    const res = await sendSlashCommand(
      this.botUrl,
      { command, text, userId, userName: userId.slice(2).toLowerCase(), channelId, responseUrl },
      { secret: SIGNING_SECRET },
    );
    return { ...res, responseUrlId };
  }

  /** Click the button labelled `label` in `message` (a stored bot message or an ephemeral one). */
  async click(
    userId: string,
    target: ClickTarget | StoredMessage,
    label: string | RegExp,
  ): Promise<SlackDelivery & { responseUrlId: string }> {
    const message = 'channel' in target ? toTarget(target) : target;
    const button: RenderedButton = findButton(message.blocks, label);
    const responseUrl = this.fake.responseUrl(undefined, { channel: message.channelId, ts: message.ts });
    const responseUrlId = responseUrl.split('/').at(-1) ?? '';
    this.responseChannels.set(responseUrlId, message.channelId);
    const res = await clickButton(
      this.botUrl,
      {
        userId,
        userName: userId.slice(2).toLowerCase(),
        channelId: message.channelId,
        message,
        button,
        responseUrl,
        ...(message.ephemeral ? { ephemeral: true } : {}),
      },
      { secret: SIGNING_SECRET },
    );
    return { ...res, responseUrlId };
  }

  /** Open the app's Home tab as `userId`; resolves with the view Slack then shows. */
  async openHome(userId: string): Promise<{ blocks: unknown[] }> {
    const before = this.fake.calls('views.publish').length;
    const res = await openAppHome(this.botUrl, userId, { secret: SIGNING_SECRET });
    if (res.status !== 200) throw new Error(`app_home_opened answered ${res.status}`);
    await this.settle();
    await this.fake.waitFor(() => this.fake.calls('views.publish').length > before, 3000, 'views.publish');
    const view = this.fake.homeView(userId);
    if (!view) throw new Error('no Home view published');
    return view;
  }

  /**
   * A low-balance monitor built by the bot's own wiring (createLowBalanceMonitor, as createBot
   * builds the app's): the bot's billing, kv and leases, and the Slack messenger, alerting in
   * `ALERTS`. A second one on the same app shares the kv (a restart).
   */
  lowBalanceMonitor(thresholdCents: Cents, options: Partial<LowBalanceMonitorOptions> = {}): LowBalanceMonitor {
    const monitor = createLowBalanceMonitor(
      {
        billing: this.billing,
        stores: this.stores,
        messengers: new Map([['slack', this.adapter.messenger]]),
        clock: systemClock,
        logger: silentLogger,
      },
      {
        thresholdCents,
        channel: { platform: 'slack', channelId: ALERTS },
        intervalMs: 60_000,
        sandbox: true,
        ...options,
      },
    );
    if (!monitor) throw new Error('no Slack messenger for the alerts');
    return monitor;
  }

  /** GET a simulator API path (e.g. `/billing/overview`) the way ModelsLab's API answers it. */
  async simGet(path: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.simApiUrl}${path}`, { headers: { authorization: 'Bearer sandbox-token' } });
    const body = (await res.json()) as { data?: Record<string, unknown> } & Record<string, unknown>;
    return body.data ?? body;
  }

  /** Wait until every event the adapter took has been handled by the engine. */
  settle(): Promise<void> {
    return this.adapter.idle();
  }

  /** Top-level bot messages in a channel (cards), oldest first. */
  cards(channelId = CHANNEL): StoredMessage[] {
    return this.fake.messages(channelId).filter((m) => !m.threadTs && !m.ephemeralFor);
  }

  thread(card: StoredMessage): StoredMessage[] {
    return this.fake.messages(card.channel).filter((m) => m.threadTs === card.ts);
  }

  dms(userId: string): StoredMessage[] {
    return this.fake.messages(this.fake.dmChannelOf(userId));
  }

  /** What a user saw ephemerally: response_url answers and chat.postEphemeral, as clickable messages. */
  ephemeralsFor(userId: string, responseUrlId?: string): ClickTarget[] {
    const all = this.fake.responses();
    // A message replaced later (replace_original) is no longer on screen; its replacement is.
    const superseded = (r: (typeof all)[number]) =>
      r.deleted !== undefined || all.slice(all.indexOf(r) + 1).some((l) => (l.replaced ?? l.deleted)?.ts === r.ts);
    const viaUrl = this.fake
      .responses(responseUrlId)
      .filter((r) => r.status === 200 && r.body.response_type !== 'in_channel' && !superseded(r))
      .map((r) => ({
        channelId: this.responseChannels.get(r.id) ?? '',
        ts: r.ts,
        text: String(r.body.text ?? ''),
        blocks: (r.body.blocks as unknown[]) ?? [],
        ephemeral: true,
      }));
    const viaApi = this.fake
      .messages()
      .filter((m) => m.ephemeralFor === userId)
      .map((m) => ({ channelId: m.channel, ts: m.ts, text: m.text, blocks: m.blocks, ephemeral: true }));
    return [...viaUrl, ...viaApi];
  }

  /**
   * Every place outside `userId`'s DM where `needle` was shown: chat.postMessage, chat.update,
   * chat.postEphemeral, response_url answers, Home tabs and uploaded files.
   */
  shownOutsideDm(needle: string, userId: string): string[] {
    const dm = this.fake.dmChannelOf(userId);
    const places: string[] = [];
    for (const c of this.fake.calls()) {
      if (c.method === 'conversations.open' || c.method === 'auth.test') continue;
      const channel = String(c.params.channel ?? c.params.channel_id ?? '');
      if (channel === dm) continue;
      if (JSON.stringify(c.params).includes(needle)) places.push(`${c.method} ${channel}`);
    }
    for (const r of this.fake.responses()) {
      if (this.responseChannels.get(r.id) === dm) continue;
      if (JSON.stringify(r.body).includes(needle)) places.push(`response_url ${r.id}`);
    }
    for (const f of this.fake.uploads()) {
      if (f.channelId !== dm && f.content?.includes(needle)) places.push(`file ${f.filename}`);
    }
    return places;
  }
}

/** The plain text of a stored message's blocks (what a person reads). */
export function visibleText(m: { text: string; blocks: readonly unknown[] }): string {
  return `${m.text}\n${JSON.stringify(m.blocks)}`;
}

export function toTarget(m: StoredMessage): ClickTarget {
  return {
    channelId: m.channel,
    ts: m.ts,
    text: m.text,
    blocks: m.blocks,
    ...(m.threadTs ? { threadTs: m.threadTs } : {}),
  };
}

/** The URL of the link button in a message's blocks. */
export function linkUrl(m: { blocks: readonly unknown[] }): string {
  const found = buttonsIn(m.blocks).find((b) => b.url);
  if (!found?.url) throw new Error('no link button');
  return found.url;
}
