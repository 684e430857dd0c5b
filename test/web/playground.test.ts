import { afterEach, describe, expect, it } from 'vitest';
import { createPlayground, type Playground, type WebMessage } from '../../adapters/web/index.ts';
import { TrackedInbound } from '../../src/core/shared/inbound.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { serve } from '../ops/serve.ts';
import { pageClient } from './page-client.ts';
import type { SseEvent } from './sse-client.ts';

/** Our own stand-in for the engine: records events and answers as told. */
class RecordingEngine {
  readonly events: InboundEvent[] = [];
  answer: Reply | undefined;
  /** Answer a click by replacing the clicked message (a pager's Next), as the engine does. */
  replacement: Reply | undefined;
  fail = false;
  async handle(
    event: InboundEvent,
    responder: { reply(r: Reply): Promise<void>; replaceOriginal?(r: Reply): Promise<void> },
  ): Promise<void> {
    this.events.push(event);
    if (this.fail) throw new Error('engine exploded');
    if (this.replacement && responder.replaceOriginal) await responder.replaceOriginal(this.replacement);
    else if (this.answer) await responder.reply(this.answer);
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { sandbox?: boolean; enabled?: boolean; historyLimit?: number } = {}) {
  const playground: Playground = createPlayground({
    sandbox: options.sandbox ?? true,
    logger: silentLogger,
    ...options,
  });
  const engine = new RecordingEngine();
  playground.attach(new TrackedInbound(engine, silentLogger));
  const server = await serve(playground.handler);
  cleanups.push(server.close, () => playground.close());
  const { post, stream } = pageClient(server.url, cleanups);
  return { playground, engine, server, post, stream };
}

const message = (e: SseEvent) => e.data as WebMessage;
const textOf = (m: WebMessage) => m.reply.text.map((s) => ('t' in s ? s.t : s.m)).join('');
const channel = { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' } as const;

describe('playground page', () => {
  it('serves the page with a SANDBOX marker, its script and style, and a strict CSP', async () => {
    const { server } = await setup({ sandbox: true });
    const res = await fetch(`${server.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('SANDBOX');
    expect(html).toContain('"web-avery"');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${server.url}/play/app.js`)).headers.get('content-type')).toContain('javascript');
    for (const css of ['style', 'messages', 'narrow'])
      expect((await fetch(`${server.url}/play/${css}.css`)).status).toBe(200);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('shows no SANDBOX marker when sandbox mode is off', async () => {
    const { server } = await setup({ sandbox: false });
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain('sandbox-banner');
  });

  it('serves nothing when disabled', async () => {
    const { server, post } = await setup({ enabled: false });
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await post('/play/command', { as: 'web-riley', text: '/ml-balance' })).status).toBe(404);
  });
});

describe('command box', () => {
  it('turns "/ml-fund 50 note" into a web command event from the chosen person', async () => {
    const { engine, post, playground } = await setup();
    const res = await post('/play/command', { as: 'web-riley', text: '/ml-fund 50 GPU budget' });
    expect(res.status).toBe(202);
    await playground.idle();
    expect(engine.events).toHaveLength(1);
    expect(engine.events[0]).toMatchObject({
      kind: 'command',
      platform: 'web',
      command: 'fund',
      text: '50 GPU budget',
      actor: { platform: 'web', id: 'web-riley', name: 'Riley', isApprover: false },
      conversation: channel,
    });

    await post('/play/command', { as: 'web-avery', text: '/ml-subscribe' });
    await post('/play/command', { as: 'web-morgan', text: '/ml coupon SAVE10' });
    await playground.idle();
    expect(engine.events[1]).toMatchObject({
      command: 'subscribe',
      text: '',
      actor: { isApprover: true, isAdmin: true },
    });
    expect(engine.events[2]).toMatchObject({ command: 'ml', text: 'coupon SAVE10', actor: { id: 'web-morgan' } });
    expect(new Set(engine.events.map((e) => e.eventId)).size).toBe(3);
  });

  it('answers an unknown command itself, privately, without bothering the engine', async () => {
    const { engine, post, stream } = await setup();
    const riley = await stream('web-riley');
    await post('/play/command', { as: 'web-riley', text: '/ml-fnd 50' });
    const reply = message(await riley.next((e) => e.event === 'message' && message(e).kind === 'ephemeral'));
    expect(textOf(reply)).toContain('Unknown command');
    expect(engine.events).toHaveLength(0);
  });

  it('refuses unknown people, non-JSON bodies and cross-origin posts', async () => {
    const { engine, post, server } = await setup();
    expect((await post('/play/command', { as: 'web-mallory', text: '/ml-balance' })).status).toBe(400);
    const form = await fetch(`${server.url}/play/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ as: 'web-avery', text: '/ml-balance' }),
    });
    expect(form.status).toBe(415);
    const cross = await post(
      '/play/command',
      { as: 'web-avery', text: '/ml-balance' },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
    expect(engine.events).toHaveLength(0);
  });

  it('shows ephemeral answers only to the person who acted', async () => {
    const { engine, post, stream, playground } = await setup();
    engine.answer = { text: 'Balance: $120.00', ephemeral: true };
    const riley = await stream('web-riley');
    const morgan = await stream('web-morgan');
    await post('/play/command', { as: 'web-riley', text: '/ml-balance' });
    await playground.idle();
    const seen = message(await riley.next((e) => e.event === 'message' && message(e).kind === 'ephemeral'));
    expect(seen.visibleTo).toBe('web-riley');
    expect(textOf(seen)).toBe('Balance: $120.00');
    // Morgan got nothing at all (not even Riley's typed command): post something public and check order.
    await playground.messenger.post(channel, { text: 'public marker' });
    await morgan.next((e) => e.event === 'message');
    expect(morgan.events.filter((e) => e.event === 'message').map((e) => textOf(message(e)))).toEqual([
      'public marker',
    ]);
  });

  it('tells the person when the engine failed', async () => {
    const { engine, post, stream } = await setup();
    engine.fail = true;
    const riley = await stream('web-riley');
    await post('/play/command', { as: 'web-riley', text: '/ml-balance' });
    const reply = message(await riley.next((e) => e.event === 'message' && message(e).kind === 'ephemeral'));
    expect(textOf(reply)).toContain('Something went wrong');
  });
});

describe('messenger and buttons', () => {
  it('posts to everyone, edits in place, threads receipts and keeps DMs private', async () => {
    const { playground, stream } = await setup();
    const riley = await stream('web-riley');
    const avery = await stream('web-avery');
    const m = playground.messenger;
    expect(m.platform).toBe('web');

    const card = await m.post(channel, { title: 'Fund request', text: '$50.00', tone: 'info' });
    await m.update(card, { title: 'Fund request', text: 'Approved', tone: 'success' });
    const receipt = await m.post(channel, { text: 'Receipt' }, { thread: card });
    const dm = await m.dm({ platform: 'web', id: 'web-riley' }, { text: 'Pay here' });

    expect(receipt.threadId).toBe(card.messageId);
    expect(dm.channelId).toBe('dm:web-riley');

    const edited = message(await avery.next((e) => e.event === 'message' && message(e).editedAt !== undefined));
    expect(edited.id).toBe(card.messageId);
    expect(textOf(edited)).toBe('Approved');
    expect(edited.reply.tone).toBe('success');
    const thread = message(await avery.next((e) => e.event === 'message' && textOf(message(e)) === 'Receipt'));
    expect(thread.threadId).toBe(card.messageId);

    const rileyDm = message(await riley.next((e) => e.event === 'message' && message(e).kind === 'dm'));
    expect(textOf(rileyDm)).toBe('Pay here');
    expect(avery.events.some((e) => e.event === 'message' && message(e).kind === 'dm')).toBe(false);
    // Avery only learns that Riley has a new DM, not what it says.
    const notice = await avery.next((e) => e.event === 'dm-notice');
    expect(notice.data).toEqual({ for: 'web-riley', rev: expect.any(Number) });

    // A page opened later gets the same picture in its snapshot.
    const late = await stream('web-avery');
    const snapshot = late.events[0]!.data as WebMessage[];
    expect(snapshot.map((x) => textOf(x))).toEqual(['Approved', 'Receipt']);
  });

  it('turns a click into an action event with the message reference, only for real buttons', async () => {
    const { playground, engine, post } = await setup();
    const card = await playground.messenger.post(channel, {
      text: 'Approve?',
      buttons: [
        { kind: 'action', action: 'approve', value: 'req_1', label: 'Approve', style: 'primary' },
        { kind: 'action', action: 'deny', value: 'req_1', label: 'Deny', style: 'danger' },
      ],
    });
    const click = (body: Record<string, unknown>) => post('/play/action', { messageId: card.messageId, ...body });

    expect((await click({ as: 'web-avery', action: 'approve', value: 'req_1' })).status).toBe(202);
    await playground.idle();
    expect(engine.events[0]).toMatchObject({
      kind: 'action',
      platform: 'web',
      action: 'approve',
      value: 'req_1',
      actor: { id: 'web-avery', isApprover: true },
      message: { platform: 'web', channelId: 'ml-billing', messageId: card.messageId },
    });

    expect((await click({ as: 'web-avery', action: 'approve', value: 'req_2' })).status).toBe(404);
    expect((await click({ as: 'web-avery', action: 'paid', value: 'req_1' })).status).toBe(404);
    expect(
      (await post('/play/action', { as: 'web-avery', messageId: 'web-999', action: 'approve', value: 'req_1' })).status,
    ).toBe(404);
    expect(engine.events).toHaveLength(1);
  });

  it('replaces the clicked message in place when the engine asks (transactions Next/Previous)', async () => {
    const { playground, engine, post, stream } = await setup();
    const riley = await stream('web-riley');
    const page = await playground.messenger.post(channel, {
      text: 'Transactions 1–5 of 6',
      buttons: [{ kind: 'action', action: 'tx_page', value: 'all:5', label: 'Next' }],
    });
    engine.replacement = {
      text: 'Transactions 6–6 of 6',
      buttons: [{ kind: 'action', action: 'tx_page', value: 'all:0', label: 'Previous' }],
    };
    await post('/play/action', { as: 'web-riley', messageId: page.messageId, action: 'tx_page', value: 'all:5' });
    const edited = message(await riley.next((e) => e.event === 'message' && message(e).editedAt !== undefined));
    expect(edited.id).toBe(page.messageId);
    expect(textOf(edited)).toBe('Transactions 6–6 of 6');
    expect(edited.reply.buttons).toMatchObject([{ action: 'tx_page', value: 'all:0', label: 'Previous' }]);
  });

  it("does not let someone press a button in another person's DM", async () => {
    const { playground, engine, post } = await setup();
    const dm = await playground.messenger.dm(
      { platform: 'web', id: 'web-riley' },
      { text: 'Pay', buttons: [{ kind: 'action', action: 'paid', value: 'req_1', label: "I've paid" }] },
    );
    const body = { messageId: dm.messageId, action: 'paid', value: 'req_1' };
    expect((await post('/play/action', { as: 'web-morgan', ...body })).status).toBe(404);
    expect((await post('/play/action', { as: 'web-riley', ...body })).status).toBe(202);
    await playground.idle();
    expect(engine.events).toHaveLength(1);
    expect(engine.events[0]).toMatchObject({ conversation: { channelId: 'dm:web-riley' } });
  });

  it('keeps a bounded history', async () => {
    const { playground, stream } = await setup({ historyLimit: 3 });
    for (let i = 1; i <= 5; i++) await playground.messenger.post(channel, { text: `m${i}` });
    const s = await stream('web-avery');
    expect((s.events[0]!.data as WebMessage[]).map(textOf)).toEqual(['m3', 'm4', 'm5']);
  });

  it('answers 503 until an engine is attached', async () => {
    const playground = createPlayground({ sandbox: true, logger: silentLogger });
    const server = await serve(playground.handler);
    cleanups.push(server.close, () => playground.close());
    const res = await fetch(`${server.url}/play/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'web-riley', text: '/ml-balance' }),
    });
    expect(res.status).toBe(503);
  });
});

describe('ack latency', () => {
  it('reports how fast the playground acked each event, labelled web', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const playground = createPlayground({ sandbox: true, logger: silentLogger, metrics });
    playground.attach(new TrackedInbound(new RecordingEngine(), silentLogger));
    const server = await serve(playground.handler);
    cleanups.push(server.close, () => playground.close());
    await fetch(`${server.url}/play/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'web-riley', text: '/ml-balance' }),
    });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^mlbot_ack_latency_seconds_count\{platform="web"\} 1$/m);
  });
});

describe('shutdown', () => {
  it('close() ends open streams, refuses new events, and idle() waits for the ones in flight', async () => {
    const playground = createPlayground({ sandbox: true, logger: silentLogger });
    let release!: () => void;
    let handled = false;
    playground.attach(
      new TrackedInbound(
        {
          handle: () =>
            new Promise<void>((resolve) => {
              release = () => {
                handled = true;
                resolve();
              };
            }),
        },
        silentLogger,
      ),
    );
    const server = await serve(playground.handler);
    cleanups.push(server.close);
    const send = () =>
      fetch(`${server.url}/play/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'web-riley', text: '/ml-balance' }),
      });
    const res = await fetch(`${server.url}/play/events?as=web-riley`);
    expect((await send()).status).toBe(202);

    playground.close();
    // The stream ends (the body finishes) instead of holding the server open.
    await expect(res.text()).resolves.toContain('event: snapshot');
    expect((await send()).status).toBe(503);

    const idle = playground.idle();
    expect(handled).toBe(false);
    release();
    await idle;
    expect(handled).toBe(true);
  });
});

describe('a card the capped history forgot', () => {
  it('shows its update as a fresh message instead of losing it', async () => {
    const { playground, stream } = await setup({ historyLimit: 1 });
    const card = await playground.messenger.post(channel, { text: 'Awaiting approval' });
    await playground.messenger.post(channel, { text: 'something else' });
    await playground.messenger.update(card, { text: 'Paid' });
    const s = await stream('web-avery');
    expect((s.events[0]!.data as WebMessage[]).map(textOf)).toEqual(['Paid']);
  });
});
