/** The Messenger over discord.js REST against the fake Discord. */
import { afterEach, describe, expect, test } from 'vitest';
import { DmClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import { MENTION_APPROVERS } from '../../src/core/shared/reply.ts';
import type { ConversationRef } from '../../src/core/shared/types.ts';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const channel = (b: BotUnderTest): ConversationRef => ({ platform: 'discord', channelId: b.fake.channelId });

describe('DiscordMessenger', () => {
  test('post, reply to the card, and edit the card in place', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    const card = await adapter.messenger.post(channel(bot), {
      title: 'Fund request',
      text: `${MENTION_APPROVERS} $50.00 for @everyone`,
      buttons: [{ kind: 'action', action: 'approve', value: 'r-1', label: 'Approve' }],
    });
    const receipt = await adapter.messenger.post(channel(bot), { text: 'Paid' }, { thread: card });
    await adapter.messenger.update(card, { title: 'Fund request', text: 'Paid', tone: 'success' });

    const stored = fake.state.messages.get(card.messageId);
    expect(stored?.history[0]?.content).toBe(`<@&${fake.approverRoleId}>`);
    expect(stored?.embeds).toEqual([expect.objectContaining({ title: 'Fund request', description: 'Paid' })]);
    expect(stored?.components).toEqual([]);
    const firstPost = fake.calls.find((c) => c.method === 'POST' && c.path.startsWith('/channels/'));
    expect(firstPost?.body.allowed_mentions).toEqual({
      parse: [],
      roles: [fake.approverRoleId],
      users: [],
      replied_user: false,
    });
    expect(firstPost?.body.embeds[0].description).toContain('@\u200Deveryone');
    expect(fake.state.messages.get(receipt.messageId)?.message_reference).toEqual({
      message_id: card.messageId,
      channel_id: fake.channelId,
      fail_if_not_exists: false,
    });
  });

  test('dm opens the DM channel and posts there', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    const alice = fake.addMember({ username: 'alice' });
    const ref = await adapter.messenger.dm({ platform: 'discord', id: alice.id }, { text: 'Your link' });
    expect(ref.channelId).toBe(fake.dmChannelOf(alice.id));
    expect(fake.calls.find((c) => c.path === '/users/@me/channels')?.body).toEqual({ recipient_id: alice.id });
    expect(fake.state.messages.get(ref.messageId)?.channel_id).toBe(ref.channelId);
  });

  test('closed DMs (50007) throw DmClosedError', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    const alice = fake.addMember({ username: 'alice' });
    fake.closeDms(alice.id);
    await expect(adapter.messenger.dm({ platform: 'discord', id: alice.id }, { text: 'x' })).rejects.toBeInstanceOf(
      DmClosedError,
    );
  });

  test('a 429 with Retry-After on a channel post is waited out and the message still arrives', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    fake.rateLimitChannelPosts(fake.channelId, 1, 0.3);
    const started = Date.now();
    const ref = await adapter.messenger.post(channel(bot), { text: 'receipt' });
    const elapsed = Date.now() - started;
    const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1] && posts[0] && posts[1].at - posts[0].at).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_000);
    expect(fake.state.messages.get(ref.messageId)?.embeds).toEqual([
      expect.objectContaining({ description: 'receipt' }),
    ]);
  });

  test('a 500 is retried by discord.js; a persistent failure becomes a MessengerError', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    fake.failNext(1, 'POST', /^\/channels\/\d+\/messages$/);
    await adapter.messenger.post(channel(bot), { text: 'once' });
    expect(fake.calls.filter((c) => c.path.startsWith('/channels/')).map((c) => c.status)).toEqual([500, 200]);
    fake.failNext(10, 'PATCH', /^\/channels\/\d+\/messages\/\d+$/, 500);
    await expect(
      adapter.messenger.update(
        { platform: 'discord', channelId: fake.channelId, messageId: '1999999999999999999' },
        { text: 'x' },
      ),
    ).rejects.toBeInstanceOf(MessengerError);
  });

  test('an attachment is uploaded as a file (multipart)', async () => {
    bot = await startBot();
    const { fake, adapter } = bot;
    const ref = await adapter.messenger.post(channel(bot), {
      text: 'Audit export',
      attachment: { filename: 'audit.csv', contentType: 'text/csv', content: 'at,request\n1,r-1\n' },
    });
    const call = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`);
    expect(call?.files).toEqual([
      expect.objectContaining({ name: 'audit.csv', contentType: 'text/csv', text: 'at,request\n1,r-1\n' }),
    ]);
    expect(call?.body.attachments).toEqual([{ id: 0, filename: 'audit.csv' }]);
    expect(fake.state.messages.get(ref.messageId)?.attachments[0]?.filename).toBe('audit.csv');
  });
});
