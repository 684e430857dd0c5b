/**
 * Everything outside the bot, living in the test process: the ModelsLab simulator and the fake
 * Slack, each behind a HoldingProxy, so the bot's state is the only thing a `kill -9` loses.
 * Helpers read what a person would see: cards (by request id), DMs and thread posts.
 */

import { buttonsIn, clickButton, findButton, sendSlashCommand } from '../../../fakes/slack/driver.ts';
import { FakeSlack, type StoredMessage } from '../../../fakes/slack/fake-slack.ts';
import { createSimulator, type Simulator } from '../../../src/sandbox/index.ts';
import { HoldingProxy } from './holding-proxy.ts';

export const SECRET = 'reliability-signing-secret';
export const BOT_TOKEN = 'xoxb-reliability-bot-token';
export const CHANNEL = 'C0FUNDS';
export const APPROVER = 'U0BOSS';

export class SlackWorld {
  readonly sim: Simulator;
  readonly fake: FakeSlack;
  readonly slackProxy: HoldingProxy;
  readonly simProxy: HoldingProxy;

  private constructor(sim: Simulator, fake: FakeSlack, slackProxy: HoldingProxy, simProxy: HoldingProxy) {
    this.sim = sim;
    this.fake = fake;
    this.slackProxy = slackProxy;
    this.simProxy = simProxy;
  }

  static async start(options: { billingPerMin?: number } = {}): Promise<SlackWorld> {
    const sim = createSimulator({ billingPerMin: options.billingPerMin ?? 600 });
    const { url: simUrl } = await sim.start(0);
    const fake = new FakeSlack({ botToken: BOT_TOKEN });
    await fake.start();
    const slackProxy = new HoldingProxy(fake.url);
    await slackProxy.start();
    const simProxy = new HoldingProxy(simUrl);
    await simProxy.start();
    return new SlackWorld(sim, fake, slackProxy, simProxy);
  }

  /** The bot's environment: production mode (a token, an API URL) against the simulator. */
  env(storeUrl: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PORT: '0',
      STORE_URL: storeUrl,
      MODELSLAB_TOKEN: 'sandbox-token',
      MODELSLAB_API_URL: `${this.simProxy.url}/api/agents/v1`,
      MODELSLAB_BILLING_PER_MIN: '600',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${this.slackProxy.url}/api/`,
      SLACK_APPROVERS: APPROVER,
      REQUESTS_PER_MINUTE: '100',
      ...extra,
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.slackProxy.stop(), this.simProxy.stop()]);
    await Promise.allSettled([this.sim.stop(), this.fake.stop()]);
  }

  // ------------------------------------------------------------------ driving

  async command(botUrl: string, userId: string, text: string, command = '/ml-fund') {
    return sendSlashCommand(
      `${botUrl}/slack/events`,
      { command, text, userId, channelId: CHANNEL, responseUrl: this.fake.responseUrl() },
      { secret: SECRET },
    );
  }

  async click(botUrl: string, userId: string, message: StoredMessage, label: string | RegExp) {
    const current = this.fake.message(message.channel, message.ts) ?? message;
    return clickButton(
      `${botUrl}/slack/events`,
      {
        userId,
        channelId: current.channel,
        message: {
          ts: current.ts,
          text: current.text,
          blocks: current.blocks,
          ...(current.threadTs ? { threadTs: current.threadTs } : {}),
        },
        button: findButton(current.blocks, label),
        responseUrl: this.fake.responseUrl(),
      },
      { secret: SECRET },
    );
  }

  // ------------------------------------------------------------------ reading

  /** Request cards in the channel, keyed by request id (the value of the first card's buttons). */
  cards(): Map<string, StoredMessage> {
    const out = new Map<string, StoredMessage>();
    for (const m of this.fake.messages(CHANNEL)) {
      if (m.threadTs || m.ephemeralFor) continue;
      const id = buttonsIn(m.versions[0]?.blocks ?? []).find((b) => b.value)?.value;
      if (id) out.set(id, m);
    }
    return out;
  }

  card(requestId: string): StoredMessage {
    const card = this.cards().get(requestId);
    if (!card) throw new Error(`no card for ${requestId}`);
    return card;
  }

  /** Posts in the card's thread (receipts, notices). */
  thread(requestId: string): StoredMessage[] {
    const card = this.card(requestId);
    return this.fake.messages(CHANNEL).filter((m) => m.threadTs === card.ts);
  }

  /** DMs to `userId` that carry a payment link for `requestId`, as first posted. */
  linkDms(userId: string, requestId: string): StoredMessage[] {
    return this.fake
      .messages(this.fake.dmChannelOf(userId))
      .filter((m) => !m.ephemeralFor)
      .filter((m) => {
        const first = buttonsIn(m.versions[0]?.blocks ?? []);
        return first.some((b) => b.value === requestId) && first.some((b) => b.url?.includes('/checkout/'));
      });
  }

  /** The checkout session of a link DM. */
  sessionOf(dm: StoredMessage): string {
    const url = buttonsIn(dm.versions[0]?.blocks ?? []).find((b) => b.url)?.url ?? '';
    return url.split('/checkout/')[1]?.split(/[/?#]/)[0] ?? '';
  }

  urlOf(dm: StoredMessage): string {
    return buttonsIn(dm.versions[0]?.blocks ?? []).find((b) => b.url)?.url ?? '';
  }

  /** Wait until `check` holds (polling), or fail naming `what`. */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return this.fake.waitFor(check, timeoutMs, what);
  }
}
