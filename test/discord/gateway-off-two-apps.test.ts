/**
 * compose.yaml's two replicas on Discord, through the app's own wiring: two startApp on one
 * Redis with the same bot token, A with the gateway (DISCORD_GATEWAY=on), B REST only
 * (DISCORD_GATEWAY=off). A Discord member's payment gets exactly one receipt whichever watcher
 * confirms it: A's while both run, or B's while A is down (a rolling restart), and A coming back
 * posts no second one. B used to have no Discord messenger at all, so the receipt it owed failed
 * (`messenger_failed`) until A's sweep re-posted it labelled as a re-send.
 */
import { Writable } from 'node:stream';
import { createClient } from '@keyv/redis';
import { afterEach, expect, it } from 'vitest';
import { MAYBE_DUPLICATE_NOTE } from '../../adapters/discord/post-once.ts';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { type App, type AppOptions, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/ops/index.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { redisSkipReason } from '../scale-out/redis-env.ts';

const skip = redisSkipReason();
const TOKEN = 'ml-agent-token-two-replicas';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Delete this run's keys only (its own namespace): other tests may share the database. */
async function dropNamespace(url: string, namespace: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const batch of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 })) {
      const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/** Watchers that look often and take each other's checkouts quickly (defaults: 5 s, 30 s). */
const FAST: AppOptions['bot'] = {
  watcherOptions: { firstCheckMs: 100, minIntervalMs: 150, rescanIntervalMs: 200, leaseTtlMs: 2_000 },
  sweepIntervalMs: 300,
};

interface Replica {
  readonly app: App;
  readonly log: () => string;
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it.skipIf(!!skip).each(['the gateway replica (A)', 'the REST-only replica (B), A being down'] as const)(
  'one receipt for a Discord payment when %s confirms it',
  async (confirmer) => {
    const redisUrl = process.env.REDIS_URL ?? '';
    const namespace = `mlbot-gwoff-${process.pid}-${Date.now()}`;
    cleanups.push(() => dropNamespace(redisUrl, namespace));
    const sim: Simulator = createSimulator({ billingPerMin: 600, tokens: [TOKEN] });
    const { apiUrl } = await sim.start(0);
    cleanups.push(() => sim.stop());
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());

    const env = {
      PORT: '0',
      STORE_URL: redisUrl,
      STORE_NAMESPACE: namespace,
      PLAYGROUND: 'off',
      MODELSLAB_TOKEN: TOKEN,
      MODELSLAB_API_URL: apiUrl,
      MODELSLAB_BILLING_PER_MIN: '600',
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_APPROVER_ROLE_ID: fake.approverRoleId,
    };
    const start = async (name: string, gateway: 'on' | 'off'): Promise<Replica> => {
      let raw = '';
      const destination = new Writable({
        write(chunk, _enc, done) {
          raw += String(chunk);
          done();
        },
      });
      const logger = createLogger({ level: 'warn', pretty: false, destination });
      const config = loadConfig({ ...env, INSTANCE_ID: name, DISCORD_GATEWAY: gateway }, { isTTY: false });
      const app = await startApp(config, { logger, bot: FAST });
      cleanups.push(() => app.stop());
      return { app, log: () => raw };
    };
    let a = await start('replica-a', 'on');
    const b = await start('replica-b', 'off');
    // One gateway session for both: B never identified.
    expect(fake.gateway.identifies).toBe(1);
    expect(fake.calls.filter((c) => c.path === '/gateway/bot')).toHaveLength(1);

    const alice = fake.addMember({ username: 'alice' });
    const bob = fake.addMember({ username: 'bob', roles: [fake.approverRoleId] });
    fake.sendCommand(alice, 'ml-fund', { amount: 40, note: 'two replicas' });
    const approveOn = (m: { components: Array<{ components?: Array<{ custom_id?: string }> }> }) =>
      m.components.flatMap((r) => r.components ?? []).find((c) => c.custom_id?.startsWith('approve:'))?.custom_id;
    const card = await until('the request card', () =>
      fake.state.channelMessages(fake.channelId).find((m) => approveOn(m) !== undefined),
    );
    fake.clickButton(bob, approveOn(card) ?? '', card.id);
    const session = await until('the checkout session', () => sim.state.sessions()[0]?.id);
    await until('the link DM', () => fake.state.channelMessages(fake.dmChannelOf(alice.id) ?? '').length > 0);

    if (confirmer.startsWith('the REST-only')) {
      // A rolling restart: A stops (handing its checkout leases back); B's watcher takes over.
      await a.app.stop();
    }
    sim.controls.markPaid(session);
    const receipts = () =>
      fake.state.channelMessages(fake.channelId).filter((m) => JSON.stringify(m.embeds).includes('Receipt'));
    await until('the receipt', () => receipts().length > 0);
    if (confirmer.startsWith('the REST-only')) a = await start('replica-a', 'on');
    // Both watchers and both sweeps get several turns to post a second one.
    await new Promise((r) => setTimeout(r, 1_500));

    expect(receipts()).toHaveLength(1);
    const [only] = receipts();
    expect(JSON.stringify(only)).not.toContain(MAYBE_DUPLICATE_NOTE);
    expect(JSON.stringify(only)).not.toContain('Re-sent');
    expect(sim.state.creditsFor(session)).toBe(1);
    expect(JSON.stringify(fake.state.messages.get(card.id)?.embeds)).not.toMatch(/Awaiting (approval|payment)/);
    for (const r of [a, b]) {
      expect(r.log()).not.toContain('messenger_failed');
      expect(r.log()).not.toContain('no messenger for platform');
    }
    expect(fake.gateway.identifies).toBe(confirmer.startsWith('the REST-only') ? 2 : 1);
  },
  60_000,
);
