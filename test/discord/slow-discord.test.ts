/**
 * Issue 12, build 2, on Discord: a create-message that Discord carries out but answers after
 * the client gave up (300 ms here; @discordjs/rest's default is 15 s), or never answers.
 * @discordjs/rest repeats the request after its timeout; every post carries a nonce with
 * `enforce_nonce`, so the repeat returns the first message (the fake keeps Discord's rule).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';
import { MAYBE_DUPLICATE_NOTE, NONCE_TRUST_MS, NonceBook } from '../../adapters/discord/post-once.ts';
import { MessengerError } from '../../src/core/shared/errors.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { createStores } from '../../src/store/index.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const POSTS = /^\/channels\/\d+\/messages$/;
const card: Reply = {
  title: 'Fund request',
  text: '$50.00 for the eval run',
  buttons: [{ kind: 'action', action: 'approve', value: 'req-1', label: 'Approve', style: 'primary' }],
};
const slow = { adapter: { restTimeoutMs: 300 } };

const creates = (a: DiscordApp) => a.fake.calls.filter((c) => c.method === 'POST' && POSTS.test(c.path));
const inChannel = (a: DiscordApp) => a.fake.state.channelMessages(a.fake.channelId);

describe('DiscordMessenger with a slow Discord', () => {
  it('answered late: discord.js repeats the request with the same nonce and gets the first message back', async () => {
    app = await startDiscordApp(slow);
    app.fake.answerLate(1, 'POST', POSTS, 1_000);
    const ref = await app.adapter.messenger.post({ platform: 'discord', channelId: app.fake.channelId }, card);
    expect(inChannel(app).map((m) => m.id)).toEqual([ref.messageId]);
    const [first, second] = creates(app);
    expect(creates(app)).toHaveLength(2);
    expect(first?.body.enforce_nonce).toBe(true);
    expect(first?.body.nonce).toMatch(/^[0-9a-z]{25}$/);
    expect(second?.body.nonce).toBe(first?.body.nonce);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(inChannel(app)).toHaveLength(1);
  });

  it('carried out, never answered: one message', async () => {
    app = await startDiscordApp(slow);
    app.fake.neverAnswer(1, 'POST', POSTS, { apply: true });
    const ref = await app.adapter.messenger.post({ platform: 'discord', channelId: app.fake.channelId }, card);
    expect(inChannel(app).map((m) => m.id)).toEqual([ref.messageId]);
  });

  it('lost on the way: the repeat creates it, once', async () => {
    app = await startDiscordApp(slow);
    app.fake.neverAnswer(1, 'POST', POSTS, { apply: false });
    const ref = await app.adapter.messenger.post({ platform: 'discord', channelId: app.fake.channelId }, card);
    expect(inChannel(app).map((m) => m.id)).toEqual([ref.messageId]);
  });

  it('a DM answered late: one DM', async () => {
    app = await startDiscordApp(slow);
    app.fake.answerLate(1, 'POST', POSTS, 1_000);
    const ref = await app.adapter.messenger.dm({ platform: 'discord', id: app.alice.id }, { text: 'Your link' });
    expect(app.fake.state.channelMessages(ref.channelId).map((m) => m.id)).toEqual([ref.messageId]);
  });

  it('no answer to any repeat: MessengerError; the next attempt reuses the nonce and finds the first message', async () => {
    app = await startDiscordApp(slow);
    app.fake.neverAnswer(10, 'POST', POSTS, { apply: true });
    const to = { platform: 'discord' as const, channelId: app.fake.channelId };
    await expect(app.adapter.messenger.post(to, card)).rejects.toBeInstanceOf(MessengerError);
    expect(inChannel(app)).toHaveLength(1);
    app.fake.state.slow.length = 0; // Discord answers again
    const ref = await app.adapter.messenger.post(to, card);
    expect(inChannel(app).map((m) => m.id)).toEqual([ref.messageId]);
    expect(new Set(creates(app).map((c) => c.body.nonce)).size).toBe(1);
    expect(JSON.stringify(inChannel(app)[0]?.embeds)).not.toContain(MAYBE_DUPLICATE_NOTE);
  }, 15_000);
});

describe('the whole bot with a slow Discord', () => {
  it('each post answered late: one card, one DM, one receipt', async () => {
    app = await startDiscordApp(slow);
    const a = app;
    const { fake, sim, alice, bob } = a;
    fake.answerLate(1, 'POST', POSTS, 1_000);
    fake.sendCommand(alice, 'ml-fund', { amount: 50, note: 'slow discord' });
    const id = await fake.waitFor('card', () => a.latestRequestId() || undefined);
    const cardId = fake.latestWithButton(`approve:${id}`)?.id;
    fake.answerLate(1, 'POST', POSTS, 1_000);
    fake.clickButton(bob, `approve:${id}`);
    const url = await fake.waitFor('DM link', () => a.paymentUrlFor(alice.id));
    const session = url.split('/checkout/')[1] ?? '';
    fake.answerLate(1, 'POST', POSTS, 1_000);
    sim.controls.markPaid(session);
    fake.clickButton(alice, `paid:${id}`);
    const receipts = () => inChannel(a).filter((m) => m.message_reference?.message_id === cardId);
    await fake.waitFor('receipt', () => receipts().length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 1_300));

    const cards = inChannel(a).filter((m) => JSON.stringify(m.history[0]?.components ?? []).includes(`approve:${id}`));
    expect(cards).toHaveLength(1);
    const dms = fake.state.channelMessages(fake.dmChannelOf(alice.id) ?? '').filter((m) => !m.viaWebhook);
    expect(dms).toHaveLength(1);
    expect(receipts()).toHaveLength(1);
    expect(sim.state.creditsFor(session)).toBe(1);
    expect((await a.stores.requests.get(id))?.state).toBe('paid');
  }, 20_000);
});

describe('NonceBook', () => {
  it('reuses an unresolved nonce within Discord’s window; past it, a new nonce and a duplicate label', async () => {
    let now = 1_000_000;
    const book = new NonceBook({ now: () => now });
    const id = 'C1 Fund request $50';
    const first = await book.plan(id);
    expect(first.label).toBe(false);
    await book.begin(id, first);
    book.unresolved(id, first.nonce);
    expect(await book.plan(id)).toEqual({ nonce: first.nonce, label: false, reused: true });
    now += NONCE_TRUST_MS;
    const late = await book.plan(id);
    expect(late.label).toBe(true);
    expect(late.nonce).not.toBe(first.nonce);
    await book.settled(id, false);
    expect((await book.plan(id)).label).toBe(false);
  });
});

describe('across a restart (post journal in the store)', () => {
  it('a message Discord created just before the process died is returned to the next process, not posted again', async () => {
    const stores = await createStores('memory://');
    app = await startDiscordApp({ adapter: { restTimeoutMs: 300, postJournal: stores.kv } });
    const to = { platform: 'discord' as const, channelId: app.fake.channelId };
    const first = await app.adapter.messenger.post(to, card);
    // …kill -9 before the engine recorded it. A new adapter (process) on the same store and Discord:
    const next = createDiscordAdapter({
      token: 'fake-bot-token',
      applicationId: app.fake.applicationId,
      guildId: app.fake.guildId,
      apiUrl: app.fake.apiUrl,
      maxFundUsd: 1000,
      logger: silentLogger,
      restTimeoutMs: 300,
      postJournal: stores.kv,
    });
    await next.start();
    try {
      const again = await next.messenger.post(to, card);
      expect(again.messageId).toBe(first.messageId);
      expect(inChannel(app)).toHaveLength(1);
      // Same process, same message again (nothing pending): a new message.
      await next.messenger.post(to, { text: 'Subscription active' });
      await next.messenger.post(to, { text: 'Subscription active' });
      expect(inChannel(app)).toHaveLength(3);
    } finally {
      await next.stop();
      await stores.close();
    }
  });
});
