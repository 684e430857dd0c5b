/**
 * The playground's conversation outlives the process: a playground on a sqlite store is closed
 * and a new one opened on the same file, as `npm start` does after a restart. The channel, the
 * DMs, the threads and the buttons come back; a click on a restored card reaches the engine with
 * the card's reference; a receipt posted after the restart lands in the restored card's thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPlayground, type WebMessage } from '../../adapters/web/index.ts';
import { TrackedInbound } from '../../src/core/shared/inbound.ts';
import { type KeyValueStore, silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { serve } from '../ops/serve.ts';
import { pageClient } from './page-client.ts';
import type { SseStream } from './sse-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-play-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const channel = { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' } as const;
const textOf = (m: WebMessage) => m.reply.text.map((s) => ('t' in s ? s.t : s.m)).join('');
const approveCard: Reply = {
  title: 'Fund request',
  text: '$50.00 for GPU budget',
  buttons: [
    { kind: 'action', action: 'approve', value: 'req_1', label: 'Approve', style: 'primary' },
    { kind: 'action', action: 'deny', value: 'req_1', label: 'Deny', style: 'danger' },
  ],
};

class RecordingEngine {
  readonly events: InboundEvent[] = [];
  answer: Reply | undefined;
  async handle(event: InboundEvent, responder: { reply(r: Reply): Promise<void> }): Promise<void> {
    this.events.push(event);
    if (this.answer) await responder.reply(this.answer);
  }
}

/** One "process": stores on `url`, a playground restored from them, served on a random port. */
async function boot(url: string, options: { historyLimit?: number; store?: KeyValueStore } = {}) {
  const stores: Stores = await createStores(url);
  const playground = createPlayground({
    sandbox: true,
    logger: silentLogger,
    store: options.store ?? stores.kv,
    ...(options.historyLimit ? { historyLimit: options.historyLimit } : {}),
  });
  const restored = await playground.restore();
  const engine = new RecordingEngine();
  playground.attach(new TrackedInbound(engine, silentLogger));
  const server = await serve(playground.handler);
  let down = false;
  const stop = async () => {
    if (down) return;
    down = true;
    playground.close();
    await server.close();
    await stores.close();
  };
  cleanups.push(stop);
  const { post, stream } = pageClient(server.url, cleanups);
  return { playground, engine, restored, stream, post, stop };
}

const snapshotOf = (s: SseStream) => s.events.find((e) => e.event === 'snapshot')?.data as WebMessage[];

describe('the playground after a restart', () => {
  it('brings back the channel, threads, DMs and ephemeral answers, with their ids', async () => {
    const url = `sqlite://${join(dir, 'a.sqlite')}`;
    const first = await boot(url);
    const m = first.playground.messenger;
    const card = await m.post(channel, approveCard);
    await m.update(card, { ...approveCard, text: '$50.00 for GPU budget (edited)' });
    await m.post(channel, { text: 'Link sent to Riley' }, { thread: card });
    await m.dm({ platform: 'web', id: 'web-riley' }, { text: 'Pay here' });
    first.engine.answer = { text: 'Balance: $12.00', ephemeral: true };
    await first.post('/play/command', { as: 'web-morgan', text: '/ml-balance' });
    await first.playground.idle();
    const before = {
      avery: snapshotOf(await first.stream('web-avery')),
      riley: snapshotOf(await first.stream('web-riley')),
      morgan: snapshotOf(await first.stream('web-morgan')),
    };
    await first.stop();

    const second = await boot(url);
    expect(second.restored).toBe(5);
    const after = {
      avery: snapshotOf(await second.stream('web-avery')),
      riley: snapshotOf(await second.stream('web-riley')),
      morgan: snapshotOf(await second.stream('web-morgan')),
    };
    expect(after).toEqual(before);
    expect(after.avery.map(textOf)).toEqual(['$50.00 for GPU budget (edited)', 'Link sent to Riley']);
    expect(after.riley.map(textOf)).toContain('Pay here');
    expect(after.morgan.map(textOf)).toEqual([
      '$50.00 for GPU budget (edited)',
      'Link sent to Riley',
      '/ml-balance',
      'Balance: $12.00',
    ]);
  });

  it('keeps the buttons live: a click on a restored card reaches the engine with its reference', async () => {
    const url = `sqlite://${join(dir, 'b.sqlite')}`;
    const first = await boot(url);
    const card = await first.playground.messenger.post(channel, approveCard);
    await first.stop();

    const second = await boot(url);
    const res = await second.post('/play/action', {
      as: 'web-avery',
      messageId: card.messageId,
      action: 'approve',
      value: 'req_1',
    });
    expect(res.status).toBe(202);
    await second.playground.idle();
    expect(second.engine.events).toHaveLength(1);
    expect(second.engine.events[0]).toMatchObject({
      kind: 'action',
      action: 'approve',
      value: 'req_1',
      message: { platform: 'web', channelId: 'ml-billing', messageId: card.messageId },
    });
  });

  it('puts a receipt posted after the restart in the restored card thread, and edits the card in place', async () => {
    const url = `sqlite://${join(dir, 'c.sqlite')}`;
    const first = await boot(url);
    const card = await first.playground.messenger.post(channel, approveCard);
    await first.stop();

    const second = await boot(url);
    const avery = await second.stream('web-avery');
    const receipt = await second.playground.messenger.post(channel, { text: 'Receipt' }, { thread: card });
    await second.playground.messenger.update(card, { text: 'Paid' });
    // New messages count on from the kept ones: no id is handed out twice.
    expect(receipt.messageId).not.toBe(card.messageId);
    expect(receipt.threadId).toBe(card.messageId);
    await avery.next((e) => e.event === 'message' && textOf(e.data as WebMessage) === 'Paid');

    const late = snapshotOf(await second.stream('web-avery'));
    expect(late.map((x) => [x.id, textOf(x), x.threadId])).toEqual([
      [card.messageId, 'Paid', undefined],
      [receipt.messageId, 'Receipt', card.messageId],
    ]);
  });

  it('keeps only the capped history across restarts', async () => {
    const url = `sqlite://${join(dir, 'd.sqlite')}`;
    const first = await boot(url, { historyLimit: 2 });
    for (let i = 1; i <= 4; i++) await first.playground.messenger.post(channel, { text: `m${i}` });
    await first.stop();
    const second = await boot(url, { historyLimit: 2 });
    expect(second.restored).toBe(2);
    expect(snapshotOf(await second.stream('web-avery')).map(textOf)).toEqual(['m3', 'm4']);
  });

  it('lets chatter go before a card that still has buttons when the history is full', async () => {
    const { playground, stream } = await boot('memory://', { historyLimit: 2 });
    await playground.messenger.post(channel, { text: 'old chatter' });
    await playground.messenger.post(channel, approveCard);
    for (let i = 1; i <= 3; i++) await playground.messenger.post(channel, { text: `m${i}` });
    expect(snapshotOf(await stream('web-avery')).map(textOf)).toEqual(['$50.00 for GPU budget', 'm3']);
  });

  it('says who has DMs, by revision, so a page opened after the restart can mark them', async () => {
    const url = `sqlite://${join(dir, 'e.sqlite')}`;
    const first = await boot(url);
    const dm = await first.playground.messenger.dm({ platform: 'web', id: 'web-riley' }, { text: 'Pay here' });
    await first.stop();
    const second = await boot(url);
    const avery = await second.stream('web-avery');
    const activity = (await avery.next((e) => e.event === 'dm-activity')).data as Record<string, number>;
    expect(Object.keys(activity)).toEqual(['web-riley']);
    // An edit (the link expired) is news too: the revision moves on and others hear of it.
    await second.playground.messenger.update(dm, { text: 'Link expired' });
    const notice = (await avery.next((e) => e.event === 'dm-notice')).data as { for: string; rev: number };
    expect(notice.for).toBe('web-riley');
    expect(notice.rev).toBeGreaterThan(activity['web-riley'] ?? Number.POSITIVE_INFINITY);
  });

  it('with STORE_URL=memory:// the conversation lives only as long as the process', async () => {
    const first = await boot('memory://');
    await first.playground.messenger.post(channel, approveCard);
    expect(snapshotOf(await first.stream('web-avery'))).toHaveLength(1);
    await first.stop();
    const second = await boot('memory://');
    expect(second.restored).toBe(0);
  });

  it('hands out no reference and shows nothing when the store refuses the write', async () => {
    const failing: KeyValueStore = {
      get: async () => undefined,
      set: async () => {
        throw new Error('disk full');
      },
      delete: async () => {},
    };
    const { playground, stream } = await boot('memory://', { store: failing });
    const avery = await stream('web-avery');
    await expect(playground.messenger.post(channel, approveCard)).rejects.toThrow('disk full');
    await new Promise((r) => setTimeout(r, 50));
    expect(avery.events.filter((e) => e.event === 'message')).toEqual([]);
    expect(snapshotOf(await stream('web-avery'))).toEqual([]);
  });
});

describe('command box limits', () => {
  it('refuses a command past the limit with a message that says the limit', async () => {
    const { post, engine } = await boot('memory://');
    const res = await post('/play/command', { as: 'web-riley', text: `/ml-fund 50 ${'x'.repeat(4000)}` });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe(
      'a command can be at most 4000 characters (this one has 4012)',
    );
    // A 3,000-character note reaches the engine, whose note rule answers it.
    expect((await post('/play/command', { as: 'web-riley', text: `/ml-fund 50 ${'x'.repeat(3000)}` })).status).toBe(
      202,
    );
    expect(engine.events).toHaveLength(1);
  });
});
