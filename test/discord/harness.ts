/**
 * The whole bot on Discord: the real discord.js adapter against the fake Discord, the real
 * engine, memory stores, billing client, checkout watcher and the ModelsLab simulator over
 * loopback. Only the timings are shrunk (watcher polls in milliseconds, not minutes).
 */
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { CheckoutOutcomeRelay, ConversationEngine } from '../../src/core/engine.ts';
import { makePolicy, type Policy } from '../../src/core/policy.ts';
import { silentLogger, systemClock } from '../../src/core/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
import { FakeDiscord, type FakeMember } from '../fakes/discord/index.ts';
import { captureLogger } from './helpers.ts';

const BILLING_PER_MIN = 600;
const FAST_WATCHER = {
  firstCheckMs: 20,
  minIntervalMs: 40,
  maxIntervalMs: 200,
  nudgeScheduleMs: [5, 40, 200],
  finalCheckDelayMs: 10,
  retryMs: 40,
  maxRetryMs: 200,
};

export interface DiscordApp {
  readonly fake: FakeDiscord;
  readonly sim: Simulator;
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
  close(): Promise<void>;
}

export async function startDiscordApp(options: { policy?: Partial<Policy> } = {}): Promise<DiscordApp> {
  const fake = await FakeDiscord.start();
  const sim = createSimulator({ billingPerMin: BILLING_PER_MIN });
  const { apiUrl } = await sim.start(0);
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', clock: systemClock, retry: { limit: 0 } }),
  );
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
  });
  const relay = new CheckoutOutcomeRelay();
  const watcher = new CheckoutWatcherImpl(
    {
      billing,
      sink: relay,
      budget: stores.budget(BILLING_PER_MIN),
      clock: systemClock,
      logger: silentLogger,
      requests: stores.requests,
      leases: stores.leases,
    },
    FAST_WATCHER,
  );
  const engine = new ConversationEngine(
    {
      billing,
      requests: stores.requests,
      once: stores.once,
      leases: stores.leases,
      audit: stores.audit,
      kv: stores.kv,
      messengers: new Map([['discord', adapter.messenger]]),
      watcher,
      clock: systemClock,
      logger: silentLogger,
    },
    makePolicy({ sandbox: true, ...options.policy }),
  );
  relay.attach(engine);
  adapter.attach(engine);
  await adapter.start();
  await watcher.start();

  const channelMessages = () => fake.state.channelMessages(fake.channelId);
  return {
    fake,
    sim,
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
    async close() {
      await adapter.stop();
      await watcher.stop();
      await stores.close();
      await sim.stop();
      await fake.stop();
    },
  };
}
