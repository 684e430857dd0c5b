/** The Slack Messenger and Responder against the fake Web API (real @slack/web-api client). */
import { afterEach, describe, expect, it } from 'vitest';
import { sendSlashCommand } from '../../fakes/slack/driver.ts';
import { DmClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import { MENTION_APPROVERS } from '../../src/core/shared/reply.ts';
import type { CommandEvent } from '../../src/core/shared/types.ts';
import { type Rig, SECRET, startRig } from './support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const general = { platform: 'slack' as const, channelId: 'C0GENERAL' };
const alice = { platform: 'slack' as const, id: 'U0ALICE' };

describe('Messenger', () => {
  it('posts, threads and updates, returning the channel and ts to store', async () => {
    rig = await startRig({ adapter: { approvers: ['U0APPROVER', 'S0FINANCE'] } });
    const m = rig.adapter.messenger;
    const card = await m.post(general, { title: 'Funding request', text: `${MENTION_APPROVERS} $50.00 for eval` });
    expect(card).toMatchObject({ platform: 'slack', channelId: 'C0GENERAL' });
    expect(card.messageId).toMatch(/^\d+\.\d{6}$/);
    const posted = rig.fake.calls('chat.postMessage')[0]?.params;
    expect(posted?.text).toBe('Funding request\n<@U0APPROVER> <!subteam^S0FINANCE> $50.00 for eval');
    expect(posted?.unfurl_links).toBe('false');

    const receipt = await m.post(general, { text: 'Paid. Balance $125.00' }, { thread: card });
    expect(receipt.threadId).toBe(card.messageId);
    expect(rig.fake.message('C0GENERAL', receipt.messageId)?.threadTs).toBe(card.messageId);

    await m.update(card, { title: 'Paid', text: 'Approved by Bob', tone: 'success' });
    const stored = rig.fake.message('C0GENERAL', card.messageId);
    expect(stored?.versions).toHaveLength(2);
    expect(stored?.text).toBe('Paid\nApproved by Bob');
  });

  it('DMs through conversations.open and returns the D… channel', async () => {
    rig = await startRig();
    const ref = await rig.adapter.messenger.dm(alice, {
      text: 'Pay here',
      buttons: [{ kind: 'link', url: 'https://pay.example/1', label: 'Pay' }],
    });
    expect(ref.channelId).toBe(rig.fake.dmChannelOf('U0ALICE'));
    expect(ref.channelId).toMatch(/^D/);
    expect(rig.fake.calls('conversations.open')[0]?.params.users).toBe('U0ALICE');
    await rig.adapter.messenger.dm(alice, { text: 'again' });
    expect(rig.fake.calls('conversations.open')).toHaveLength(1);
  });

  it.each(['cannot_dm_bot', 'user_disabled', 'channel_not_found'])(
    'maps %s on a DM to DmClosedError',
    async (error) => {
      rig = await startRig();
      rig.fake.failNext(error === 'channel_not_found' ? 'chat.postMessage' : 'conversations.open', error);
      const err = await rig.adapter.messenger.dm(alice, { text: 'hi' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DmClosedError);
      expect((err as DmClosedError).code).toBe('dm_closed');
    },
  );

  it('reports other failures as MessengerError, and an update of an unknown message too', async () => {
    rig = await startRig();
    rig.fake.failNext('chat.postMessage', 'msg_too_long');
    await expect(rig.adapter.messenger.post(general, { text: 'x' })).rejects.toBeInstanceOf(MessengerError);
    await expect(
      rig.adapter.messenger.update({ platform: 'slack', channelId: 'C0GENERAL', messageId: '1.000001' }, { text: 'x' }),
    ).rejects.toBeInstanceOf(MessengerError);
  });

  it('waits out a 429 (Retry-After) and still delivers the message', async () => {
    rig = await startRig();
    rig.fake.rateLimitNext('chat.postMessage', 1, 1);
    const started = performance.now();
    const ref = await rig.adapter.messenger.post(general, { text: 'Receipt: $50.00' });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(2500);
    expect(rig.fake.calls('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(rig.fake.message('C0GENERAL', ref.messageId)?.text).toBe('Receipt: $50.00');
  });

  it('uploads an attachment with files.uploadV2 (URL, upload, complete)', async () => {
    rig = await startRig();
    const csv = 'at,request,from,to\n2026-11-29T10:00:00Z,req-1,,awaiting_approval\n';
    await rig.adapter.messenger.post(general, {
      text: 'Audit export',
      attachment: { filename: 'audit.csv', contentType: 'text/csv', content: csv },
    });
    expect(rig.fake.calls().map((c) => c.method)).toEqual([
      'auth.test',
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(rig.fake.uploads()).toEqual([
      expect.objectContaining({ filename: 'audit.csv', content: csv, channelId: 'C0GENERAL' }),
    ]);
  });
});

describe('Responder', () => {
  async function commandWith(
    reply: Parameters<import('../../src/core/shared/ports.ts').Responder['reply']>[0],
    channelId = 'C0GENERAL',
  ) {
    if (!rig) throw new Error('no rig');
    rig.engine.script = (_e, responder) => responder.reply(reply);
    const responseUrl = rig.fake.responseUrl();
    await sendSlashCommand(
      rig.botUrl,
      { command: '/ml', text: 'status', userId: 'U0ALICE', channelId, responseUrl },
      { secret: SECRET },
    );
    await rig.adapter.idle();
    return responseUrl.split('/').at(-1) ?? '';
  }

  it('answers ephemerally through the response_url', async () => {
    rig = await startRig();
    const id = await commandWith({ text: 'Balance: $75.00', ephemeral: true });
    expect(rig.fake.responses(id)[0]?.body).toMatchObject({ response_type: 'ephemeral', text: 'Balance: $75.00' });
    expect(rig.fake.calls('chat.postEphemeral')).toHaveLength(0);
  });

  it('falls back to chat.postEphemeral when the response_url fails', async () => {
    rig = await startRig();
    rig.fake.failResponseUrlNext(1);
    await commandWith({ text: 'Balance: $75.00', ephemeral: true });
    expect(rig.fake.calls('chat.postEphemeral')[0]?.params).toMatchObject({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'Balance: $75.00',
    });
  });

  it('uses the response_url at most 5 times per event, then chat.postEphemeral', async () => {
    rig = await startRig();
    rig.engine.script = async (_e, responder) => {
      for (let i = 1; i <= 7; i++) await responder.reply({ text: `line ${i}`, ephemeral: true });
    };
    const responseUrl = rig.fake.responseUrl('seven');
    await sendSlashCommand(
      rig.botUrl,
      { command: '/ml', text: 'x', userId: 'U0ALICE', channelId: 'C0GENERAL', responseUrl },
      { secret: SECRET },
    );
    await rig.adapter.idle();
    expect(rig.fake.responses('seven').map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rig.fake.calls('chat.postEphemeral').map((c) => c.params.text)).toEqual(['line 6', 'line 7']);
  });

  it('posts in-channel replies with chat.postMessage, or through the response_url where the bot is not a member', async () => {
    rig = await startRig({ fake: { closedChannels: ['C0PRIVATE'] } });
    await commandWith({ text: 'Subscription active' });
    expect(rig.fake.calls('chat.postMessage').at(-1)?.params).toMatchObject({
      channel: 'C0GENERAL',
      text: 'Subscription active',
    });
    const id = await commandWith({ text: 'Subscription active' }, 'C0PRIVATE');
    expect(rig.fake.responses(id)[0]?.body).toMatchObject({ response_type: 'in_channel', text: 'Subscription active' });
  });

  it('sends an ephemeral reply’s file to the person’s DM, never to the channel', async () => {
    rig = await startRig();
    await commandWith({
      text: 'Your audit export',
      ephemeral: true,
      attachment: { filename: 'audit.csv', contentType: 'text/csv', content: 'a,b\n1,2\n' },
    });
    expect(rig.fake.uploads()[0]).toMatchObject({ channelId: rig.fake.dmChannelOf('U0ALICE'), content: 'a,b\n1,2\n' });
  });

  it('survives a reply Slack refuses everywhere; the next command is served', async () => {
    rig = await startRig();
    rig.fake.failResponseUrlNext(2);
    rig.fake.failNext('chat.postEphemeral', 'channel_not_found', 2);
    await commandWith({ text: 'x', ephemeral: true });
    const id = await commandWith({ text: 'second', ephemeral: true });
    expect(rig.engine.events.map((e) => (e as CommandEvent).command)).toEqual(['ml', 'ml']);
    expect(rig.fake.responses(id)[0]?.body.text).toBe('second');
  });
});
