/**
 * The whole bot on Discord: the real discord.js adapter against the fake Discord, the real
 * engine, memory stores, billing client, checkout watcher and the ModelsLab simulator over
 * loopback. Only the timings are shrunk (watcher polls in milliseconds, not minutes).
 */
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.ts';
import { FakeDiscord, type FakeMember, type RestCall } from '../../fakes/discord/index.ts';
import type { ModelsLabBilling } from '../../src/billing/index.ts';
import { createLowBalanceMonitor } from '../../src/channel-jobs.ts';
import type { LowBalanceMonitor } from '../../src/core/alerts/low-balance-monitor.ts';
import type { ConversationEngine } from '../../src/core/engine.ts';
import type { Locale } from '../../src/core/shared/i18n.ts';
import type { Policy } from '../../src/core/shared/policy.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { createTestBot, type LiveBilling, startLiveBilling } from '../support/live-billing.ts';
import { captureLogger } from './helpers.ts';

export interface DiscordApp {
  readonly fake: FakeDiscord;
  readonly sim: Simulator;
  /** The real billing client in front of the simulator (for a LowBalanceMonitor). */
  readonly billing: ModelsLabBilling;
  readonly stores: Stores;
  readonly engine: ConversationEngine;
  readonly adapter: DiscordAdapter;
  readonly logger: ReturnType<typeof captureLogger>;
  /** Members: a requester, an approver (has the approver role), an admin (Manage Server). */
  readonly alice: FakeMember;
  readonly bob: FakeMember;
  readonly admin: FakeMember;
  /** The id of the newest request card in the channel (from its footer). */
  latestRequestId(): string;
  /** The payment URL of the newest DM to `userId` (its link button). */
  paymentUrlFor(userId: string): string | undefined;
  /** Calls made with one interaction's token (deferred reply edits, follow-ups), deletes left out. */
  answersTo(token: string): RestCall[];
  /** The simulator's own view of the account (GET /billing/overview), in its wire shape. */
  overview(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startDiscordApp(
  options: {
    policy?: Partial<Policy>;
    adapter?: Partial<DiscordAdapterOptions>;
    live?: LiveBilling;
    /** The server's language (default English). */
    locale?: Locale;
  } = {},
): Promise<DiscordApp> {
  const fake = await FakeDiscord.start();
  const { sim, billing, apiUrl } = options.live ?? (await startLiveBilling());
  const stores = await createStores('memory://');
  const logger = captureLogger();
  const adapter = createDiscordAdapter({
    token: 'fake-bot-token',
    applicationId: fake.applicationId,
    guildId: fake.guildId,
    apiUrl: fake.apiUrl,
    approverRoleId: fake.approverRoleId,
    maxFundUsd: 1000,
    logger,
    ...options.adapter,
  });
  const bot = createTestBot({
    billing,
    stores,
    platform: 'discord',
    messenger: adapter.messenger,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const { engine } = bot;
  adapter.attach(engine);
  await adapter.start();
  await bot.start();

  const channelMessages = () => fake.state.channelMessages(fake.channelId);
  return {
    fake,
    sim,
    billing,
    stores,
    engine,
    adapter,
    logger,
    alice: fake.addMember({ username: 'alice' }),
    bob: fake.addMember({ username: 'bob', roles: [fake.approverRoleId] }),
    admin: fake.owner,
    latestRequestId() {
      const card = channelMessages()
        .reverse()
        .find((m) =>
          (m.components ?? []).some((r) => (r.components ?? []).some((c) => c.custom_id?.startsWith('approve:'))),
        );
      const custom = card?.components
        .flatMap((r) => r.components ?? [])
        .find((c) => c.custom_id?.startsWith('approve:'));
      return custom?.custom_id?.slice('approve:'.length) ?? '';
    },
    paymentUrlFor(userId) {
      const dm = fake.dmChannelOf(userId);
      if (!dm) return undefined;
      const urls = fake.state
        .channelMessages(dm)
        .flatMap((m) => m.history.flatMap((v) => (v.components as typeof m.components | undefined) ?? []))
        .flatMap((r) => r.components ?? [])
        .map((c) => c.url)
        .filter((u): u is string => !!u && u.includes('/checkout/'));
      return urls.at(-1);
    },
    answersTo(token) {
      return fake.calls.filter(
        (c) => c.path.startsWith(`/webhooks/${fake.applicationId}/${token}`) && c.method !== 'DELETE',
      );
    },
    async overview() {
      const res = await fetch(`${apiUrl}/billing/overview`, { headers: { authorization: 'Bearer sandbox-token' } });
      const body = (await res.json()) as { data?: Record<string, unknown> };
      return body.data ?? body;
    },
    async close() {
      await adapter.stop();
      await bot.stop();
      await stores.close();
      await sim.stop();
      await fake.stop();
    },
  };
}

/** A monitor built by the bot's own wiring (as createBot builds the app's); checks only when the test says so. */
export function monitorFor(app: DiscordApp): LowBalanceMonitor {
  const monitor = createLowBalanceMonitor(
    {
      billing: app.billing,
      stores: app.stores,
      messengers: new Map([['discord', app.adapter.messenger]]),
      clock: systemClock,
      logger: silentLogger,
    },
    { thresholdCents: 1000, channel: { platform: 'discord', channelId: app.fake.channelId }, intervalMs: 60_000 },
  );
  if (!monitor) throw new Error('no Discord messenger for the alerts');
  return monitor;
}
