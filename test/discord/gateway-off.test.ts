/**
 * DISCORD_GATEWAY=off: the adapter of a second replica. It posts, edits and DMs over REST with
 * the bot token (its watcher's receipts), with the nonce journal, but never opens a gateway
 * session: the fake counts every IDENTIFY and every `GET /gateway/bot`, and a member's command
 * reaches nobody through it. /healthz's check is the token over REST.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createStores, type Stores } from '../../src/store/index.ts';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await bot?.stop();
  await stores?.close();
  bot = undefined;
  stores = undefined;
});

const gatewayTouches = (b: BotUnderTest) => ({
  identifies: b.fake.gateway.identifies,
  resumes: b.fake.gateway.resumes,
  frames: b.fake.gateway.frames.length,
  gatewayLookups: b.fake.calls.filter((c) => c.path.startsWith('/gateway')).length,
});
const NO_GATEWAY = { identifies: 0, resumes: 0, frames: 0, gatewayLookups: 0 };

async function startRestOnly(): Promise<BotUnderTest> {
  stores = await createStores('memory://');
  const journal = stores.kv;
  return startBot({ adapter: () => ({ gateway: false, postJournal: journal }) });
}

describe('Discord with the gateway off', () => {
  test('posts a card, edits it, replies under it and DMs a member over REST, with the bot token', async () => {
    bot = await startRestOnly();
    const { fake, adapter } = bot;
    const member = fake.addMember({ username: 'payer' });
    const channel = { platform: 'discord' as const, channelId: fake.channelId };

    const card = await adapter.messenger.post(channel, { title: 'Request', text: 'Fund $25' });
    await adapter.messenger.update(card, { title: 'Request', text: 'Paid $25' });
    await adapter.messenger.post(channel, { title: 'Receipt', text: '$25 added' }, { thread: card });
    const dm = await adapter.messenger.dm({ platform: 'discord', id: member.id }, { text: 'Your link' });

    const stored = fake.state.messages.get(card.messageId);
    expect(JSON.stringify(stored?.embeds)).toContain('Paid $25');
    const channelTexts = fake.state.channelMessages(fake.channelId).map((m) => JSON.stringify(m.embeds));
    expect(channelTexts).toHaveLength(2);
    expect(channelTexts[1]).toContain('Receipt');
    expect(dm.channelId).toBe(fake.dmChannelOf(member.id));
    expect(JSON.stringify(fake.state.channelMessages(dm.channelId))).toContain('Your link');

    const writes = fake.calls.filter((c) => c.method !== 'GET');
    expect(writes.length).toBeGreaterThanOrEqual(4);
    for (const c of writes)
      expect({ path: c.path, auth: c.auth }).toEqual({ path: c.path, auth: 'Bot fake-bot-token' });
    // Every post carried an enforced nonce, recorded in the journal before it was sent.
    const posts = writes.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(posts).toHaveLength(3);
    for (const p of posts) expect(p.body).toMatchObject({ enforce_nonce: true, nonce: expect.any(String) });
    expect(gatewayTouches(bot)).toEqual(NO_GATEWAY);
  });

  test('opens no gateway session: no commands registered, a member’s command reaches nobody', async () => {
    bot = await startRestOnly();
    const { fake, adapter, engine } = bot;
    expect(adapter.connected()).toBe(false);
    const alice = fake.addMember({ username: 'alice' });
    const command = fake.sendCommand(alice, 'ml-fund', { amount: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect(command.callback).toBeUndefined();
    expect(engine.events).toEqual([]);
    expect(fake.state.commandRegistrations).toEqual([]);
    expect(fake.gateway.isLive()).toBe(false);
    expect(gatewayTouches(bot)).toEqual(NO_GATEWAY);
  });

  test('health is the token over REST (GET /users/@me): ok while it authenticates, failing once Discord refuses it', async () => {
    bot = await startRestOnly();
    const { fake, adapter } = bot;
    expect(await adapter.healthy()).toBe(true);
    expect(await adapter.healthy()).toBe(true);
    expect(fake.calls.filter((c) => c.path === '/users/@me').map((c) => c.auth)).toEqual([
      'Bot fake-bot-token', // start-up's check
      'Bot fake-bot-token',
      'Bot fake-bot-token',
    ]);
    // A reset token: Discord answers 401 and @discordjs/rest drops it, so the replica stays
    // unhealthy (and posts nothing) until it restarts with the new token.
    fake.failNext(1, 'GET', /^\/users\/@me$/, 401);
    expect(await adapter.healthy()).toBe(false);
    expect(await adapter.healthy()).toBe(false);
    await expect(
      adapter.messenger.post({ platform: 'discord', channelId: fake.channelId }, { text: 'after the reset' }),
    ).rejects.toThrow();
    expect(gatewayTouches(bot)).toEqual(NO_GATEWAY);
  });

  test('a token Discord refuses stops start-up, as a failed gateway login does', async () => {
    await expect(
      startBot({
        before: (fake) => fake.failNext(1, 'GET', /^\/users\/@me$/, 401),
        adapter: () => ({ gateway: false }),
      }),
    ).rejects.toThrow();
  });
});
