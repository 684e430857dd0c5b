/**
 * One post per message when Slack is slow (issue 12, build 2): the real Slack adapter (Bolt and
 * @slack/web-api) against a fake Slack that takes a post and answers late, or never. The client
 * times out after 300 ms here (10 s in production) and Slack answers after 1 s (15 s seen live).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { MAYBE_DUPLICATE_NOTE } from '../../adapters/slack/post-once.ts';
import { MessengerError } from '../../src/core/shared/errors.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { createStores } from '../../src/store/index.ts';
import { type Rig, SECRET, startRig } from './support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const general = { platform: 'slack' as const, channelId: 'C0GENERAL' };
const alice = { platform: 'slack' as const, id: 'U0ALICE' };
const card: Reply = {
  title: 'Funding request',
  text: '$50.00 for the eval run',
  buttons: [{ kind: 'action', action: 'approve', value: 'req-1', label: 'Approve', style: 'primary' }],
};

function slowRig(timing: Record<string, unknown> = {}) {
  return startRig({
    adapter: {
      requestTimeoutMs: 300,
      postTiming: { readDelaysMs: [0, 100], orphanCheckMs: 200, blindResendAfterMs: 60_000, ...timing },
    },
  });
}

const posts = (r: Rig) => r.fake.calls('chat.postMessage');
const topLevel = (r: Rig, channel = 'C0GENERAL') => r.fake.messages(channel).filter((m) => !m.threadTs);

describe('a post Slack accepts but answers late', () => {
  it('is found by its metadata and adopted: one card, one post, no retry', async () => {
    rig = await slowRig();
    rig.fake.answerLate('chat.postMessage', 1_000);
    const ref = await rig.adapter.messenger.post(general, card);
    expect(topLevel(rig)).toHaveLength(1);
    expect(topLevel(rig)[0]?.ts).toBe(ref.messageId);
    expect(posts(rig)).toHaveLength(1);
    const read = rig.fake.calls('conversations.history')[0]?.params;
    expect(read).toMatchObject({ channel: 'C0GENERAL', include_all_metadata: 'true' });
    // Wait past the late answer and the duplicate check: still one card.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(topLevel(rig)).toHaveLength(1);
  });

  it('a receipt in a thread is looked up with conversations.replies: one receipt', async () => {
    rig = await slowRig();
    const parent = await rig.adapter.messenger.post(general, card);
    rig.fake.answerLate('chat.postMessage', 1_000);
    const receipt = await rig.adapter.messenger.post(
      general,
      { title: 'Receipt', text: 'Paid $50.00' },
      { thread: parent },
    );
    const thread = rig.fake.messages('C0GENERAL').filter((m) => m.threadTs === parent.messageId);
    expect(thread.map((m) => m.ts)).toEqual([receipt.messageId]);
    expect(rig.fake.calls('conversations.replies')[0]?.params).toMatchObject({ ts: parent.messageId });
    expect(posts(rig)).toHaveLength(2);
  });

  it('a DM with the payment link: one DM', async () => {
    rig = await slowRig();
    rig.fake.answerLate('chat.postMessage', 1_000);
    const dm = await rig.adapter.messenger.dm(alice, {
      text: 'Pay $50.00',
      buttons: [{ kind: 'link', url: 'https://checkout.example/s1', label: 'Pay' }],
    });
    expect(rig.fake.messages(rig.fake.dmChannelOf('U0ALICE')).map((m) => m.ts)).toEqual([dm.messageId]);
    expect(posts(rig)).toHaveLength(1);
  });
});

describe('a post Slack never answers', () => {
  it('stored by Slack: adopted, one card', async () => {
    rig = await slowRig();
    rig.fake.neverAnswer('chat.postMessage', { apply: true });
    const ref = await rig.adapter.messenger.post(general, card);
    expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
    expect(posts(rig)).toHaveLength(1);
  });

  it('lost on the way: sent exactly once more, one card', async () => {
    rig = await slowRig();
    rig.fake.neverAnswer('chat.postMessage', { apply: false });
    const ref = await rig.adapter.messenger.post(general, card);
    expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
    expect(posts(rig)).toHaveLength(2);
    // Both attempts carried the same post key.
    const keys = posts(rig).map((c) => JSON.stringify(c.params.metadata));
    expect(new Set(keys).size).toBe(1);
  });

  it('lost, re-sent, and then the first one lands after all: the late copy is deleted', async () => {
    rig = await slowRig();
    rig.fake.neverAnswer('chat.postMessage', { apply: false });
    const ref = await rig.adapter.messenger.post(general, card);
    // Slack finally applies the first attempt (same body, same metadata) after our read-back.
    const first = posts(rig)[0]?.params ?? {};
    rig.fake.workspace.methods['chat.postMessage']?.(first);
    expect(topLevel(rig)).toHaveLength(2);
    await rig.fake.waitFor(() => topLevel(rig as Rig).length === 1, 3_000, 'late copy deleted');
    expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
    expect(rig.fake.calls('chat.delete')).toHaveLength(1);
  });
});

describe('when Slack cannot be asked whether the post arrived', () => {
  it('nothing is sent again; the next attempt looks first and adopts the post', async () => {
    rig = await slowRig();
    rig.fake.neverAnswer('chat.postMessage', { apply: true });
    rig.fake.failNext('conversations.history', 'internal_error', 2);
    const err = await rig.adapter.messenger.post(general, card).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessengerError);
    expect((err as Error).message).toMatch(/outcome unknown/);
    expect(posts(rig)).toHaveLength(1);
    // The engine tries again (the sweep): Slack answers reads again; the first post is adopted.
    const ref = await rig.adapter.messenger.post(general, card);
    expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
    expect(posts(rig)).toHaveLength(1);
  });

  it('after blindResendAfterMs one labelled copy goes out; the first is removed once reads work', async () => {
    rig = await slowRig({ blindResendAfterMs: 0 });
    rig.fake.neverAnswer('chat.postMessage', { apply: true });
    rig.fake.failNext('conversations.history', 'internal_error', 3);
    await expect(rig.adapter.messenger.post(general, card)).rejects.toBeInstanceOf(MessengerError);
    const ref = await rig.adapter.messenger.post(general, card);
    expect(posts(rig)).toHaveLength(2);
    const copy = rig.fake.message('C0GENERAL', ref.messageId);
    expect(JSON.stringify(copy?.blocks)).toContain(MAYBE_DUPLICATE_NOTE);
    await rig.fake.waitFor(() => topLevel(rig as Rig).length === 1, 3_000, 'first copy removed');
    expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
  });
});

it('a refusal is not looked up or retried; a 429 is waited out and sent once', async () => {
  rig = await slowRig();
  rig.fake.failNext('chat.postMessage', 'channel_not_found');
  await expect(rig.adapter.messenger.post(general, card)).rejects.toBeInstanceOf(MessengerError);
  expect(rig.fake.calls('conversations.history')).toHaveLength(0);
  rig.fake.rateLimitNext('chat.postMessage', 1, 1);
  await rig.adapter.messenger.post(general, card);
  expect(posts(rig).map((c) => c.status)).toEqual([200, 429, 200]);
  expect(topLevel(rig)).toHaveLength(1);
});

describe('across a restart (post journal in the store)', () => {
  it('a post Slack took just before the process died is adopted by the next process, not sent again', async () => {
    const stores = await createStores('memory://');
    // Process A: its post is stuck (Slack stored it; the answer never comes) when it "dies".
    rig = await startRig({ adapter: { requestTimeoutMs: 60_000, postJournal: stores.kv } });
    const fake = rig.fake;
    fake.neverAnswer('chat.postMessage', { apply: true });
    const stuck = rig.adapter.messenger.post(general, card).catch(() => undefined);
    await fake.waitFor(() => topLevel(rig as Rig).length === 1, 3_000, 'the post stored by Slack');
    // Process B: same store, same Slack; the engine posts the card it has no record of.
    const b = createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      apiUrl: `${fake.url}/api/`,
      approvers: [],
      logger: silentLogger,
      requestTimeoutMs: 300,
      postJournal: stores.kv,
    });
    await b.start();
    try {
      const ref = await b.messenger.post(general, card);
      expect(topLevel(rig).map((m) => m.ts)).toEqual([ref.messageId]);
      expect(posts(rig)).toHaveLength(1);
    } finally {
      await b.stop();
      await rig.close();
      rig = undefined;
      await stuck;
      await stores.close();
    }
  });

  it('a post Slack answered, but the process died before the engine recorded it: adopted by the next process', async () => {
    const stores = await createStores('memory://');
    rig = await startRig({ adapter: { requestTimeoutMs: 300, postJournal: stores.kv } });
    const first = await rig.adapter.messenger.post(general, card);
    // …kill -9 here, before the engine's store write. The next process posts the card again:
    const b = createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      apiUrl: `${rig.fake.url}/api/`,
      approvers: [],
      logger: silentLogger,
      requestTimeoutMs: 300,
      postJournal: stores.kv,
    });
    await b.start();
    try {
      const again = await b.messenger.post(general, card);
      expect(again.messageId).toBe(first.messageId);
      expect(topLevel(rig)).toHaveLength(1);
      // A different message (another request's card) is a new post, read-back free.
      await b.messenger.post(general, {
        ...card,
        buttons: [{ kind: 'action', action: 'approve', value: 'req-2', label: 'Approve' }],
      });
      expect(topLevel(rig)).toHaveLength(2);
      expect(rig.fake.calls('conversations.history')).toHaveLength(1);
    } finally {
      await b.stop();
      await stores.close();
    }
  });

  it('in one process the same message twice is two posts (answers to two commands)', async () => {
    const stores = await createStores('memory://');
    rig = await startRig({ adapter: { requestTimeoutMs: 300, postJournal: stores.kv } });
    await rig.adapter.messenger.post(general, { text: 'Subscription active' });
    await rig.adapter.messenger.post(general, { text: 'Subscription active' });
    expect(topLevel(rig)).toHaveLength(2);
    expect(rig.fake.calls('conversations.history')).toHaveLength(0);
    await stores.close();
  });
});
