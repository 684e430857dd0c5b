/**
 * "A click acts only on the request its message belongs to", through each real adapter: on
 * Slack (signed block_actions into Bolt) and Discord (discord.js against the fake gateway) a
 * click on card A whose button value names request B is refused with a clear answer and
 * changes nothing, while the genuine buttons on B's card and DM still work. The playground
 * already refuses a button that is not on the clicked message (404), and the engine behind it
 * applies the same rule; both are checked on the app as src/app.ts wires it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../../fakes/discord/index.ts';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { type DiscordApp, startDiscordApp } from '../discord/harness.ts';
import { ALICE, BOB, SlackApp } from '../slack/harness.ts';
import { openStream } from '../web/sse-client.ts';
import { forgeClick } from './support/slack-probe.ts';

const NOT_ITS_MESSAGE = /not on a message of request/;

describe('Slack', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await SlackApp.start();
  }, 20_000);
  afterAll(async () => {
    await app?.close();
  });
  const idOf = (card: StoredMessage) =>
    JSON.stringify(card.versions[0]?.blocks ?? []).match(/"value":"(r[a-z0-9]+)"/)?.[1] ?? '';

  it('Approve on card A naming request B is refused; B is approved only from its own card', async () => {
    await app.command(ALICE, '/ml-fund', '50 card A');
    await app.settle();
    const cardA = app.cards().at(-1)!;
    await app.command(ALICE, '/ml-fund', '60 card B');
    await app.settle();
    const cardB = app.cards().at(-1)!;
    const [a, b] = [idOf(cardA), idOf(cardB)];
    expect(a).not.toBe(b);

    const forged = await forgeClick(app, BOB, 'approve', b, cardA);
    expect(forged.delivery.status).toBe(200);
    expect(forged.answer).toMatch(NOT_ITS_MESSAGE);
    expect((await app.stores.requests.get(b))?.state).toBe('awaiting_approval');
    expect((await app.stores.requests.get(a))?.state).toBe('awaiting_approval');
    expect(app.dms(ALICE)).toHaveLength(0);

    await app.click(BOB, cardB, 'Approve');
    await app.settle();
    expect((await app.stores.requests.get(b))?.state).toBe('awaiting_payment');

    // "I've paid" for B on A's... A has no DM yet: approve A, then try B's id on A's DM.
    await app.click(BOB, cardA, 'Approve');
    await app.settle();
    const dmA = app.dms(ALICE).find((m) => JSON.stringify(m.blocks).includes(a))!;
    const forgedPaid = await forgeClick(app, ALICE, 'paid', b, dmA);
    expect(forgedPaid.answer).toMatch(NOT_ITS_MESSAGE);
    expect((await app.stores.requests.get(b))?.attempts[0]?.paidClickedAt).toBeUndefined();
    const dmB = app.dms(ALICE).find((m) => JSON.stringify(m.blocks).includes(b))!;
    await app.click(ALICE, dmB, "I've paid");
    await app.settle();
    expect((await app.stores.requests.get(b))?.attempts[0]?.paidClickedAt).toBeDefined();
  });
});

describe('Discord', () => {
  let app: DiscordApp;
  beforeAll(async () => {
    app = await startDiscordApp();
  }, 20_000);
  afterAll(async () => {
    await app?.close();
  });
  const answersTo = (record: InteractionRecord) =>
    app.fake.calls
      .filter((c) => c.path.startsWith(`/webhooks/${app.fake.applicationId}/${record.token}`) && c.method !== 'DELETE')
      .map((c) => JSON.stringify(c.body ?? {}))
      .join('\n');

  it('Approve on card A naming request B is refused; B is approved only from its own card', async () => {
    app.fake.sendCommand(app.alice, 'ml-fund', { amount: 50, note: 'card A' });
    const a = await app.fake.waitFor('card A', () => app.latestRequestId() || undefined);
    app.fake.sendCommand(app.alice, 'ml-fund', { amount: 60, note: 'card B' });
    const b = await app.fake.waitFor(
      'card B',
      () => (app.latestRequestId() !== a && app.latestRequestId()) || undefined,
    );
    const cardA = app.fake.latestWithButton(`approve:${a}`)!.id;
    const cardB = app.fake.latestWithButton(`approve:${b}`)!.id;

    const forged = app.fake.clickButton(app.bob, `approve:${b}`, cardA);
    expect(await app.fake.waitFor('an answer', () => answersTo(forged) || undefined)).toMatch(NOT_ITS_MESSAGE);
    expect((await app.stores.requests.get(b))?.state).toBe('awaiting_approval');

    app.fake.clickButton(app.bob, `approve:${b}`, cardB);
    await app.fake.waitFor(
      'B approved',
      async () => (await app.stores.requests.get(b))?.state === 'awaiting_payment' || undefined,
    );
    // "I've paid" for B on the DM of A (same payer) is refused too; on B's own DM it works.
    app.fake.clickButton(app.bob, `approve:${a}`, cardA);
    await app.fake.waitFor(
      'A approved',
      async () => (await app.stores.requests.get(a))?.state === 'awaiting_payment' || undefined,
    );
    const dmA = (await app.stores.requests.get(a))!.attempts[0]!.dm!.messageId;
    const dmB = (await app.stores.requests.get(b))!.attempts[0]!.dm!.messageId;
    const forgedPaid = app.fake.clickButton(app.alice, `paid:${b}`, dmA);
    expect(await app.fake.waitFor('an answer', () => answersTo(forgedPaid) || undefined)).toMatch(NOT_ITS_MESSAGE);
    expect((await app.stores.requests.get(b))?.attempts[0]?.paidClickedAt).toBeUndefined();
    app.fake.clickButton(app.alice, `paid:${b}`, dmB);
    await app.fake.waitFor(
      'paid click',
      async () => (await app.stores.requests.get(b))?.attempts[0]?.paidClickedAt !== undefined || undefined,
    );
  });
});

describe('playground (the app as src/app.ts wires it, sandbox mode)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(loadConfig({ PORT: '0', STORE_URL: 'memory://' }, { isTTY: false }), { logger: silentLogger });
  }, 20_000);
  afterAll(async () => {
    await app?.stop();
  });

  interface Seen {
    id: string;
    channelId: string;
    reply: { buttons: Array<{ kind: string; action?: string; value?: string }> };
  }
  async function visible(as: string): Promise<Seen[]> {
    const stream = await openStream(`${app.url}/play/events?as=${as}`);
    try {
      return (await stream.next((e) => e.event === 'snapshot')).data as Seen[];
    } finally {
      stream.close();
    }
  }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const cardOf = (seen: Seen[], id: string) =>
    seen.find((m) => m.reply.buttons.some((b) => b.action === 'approve' && b.value === id));

  it('a click naming request B on card A is refused at the door and by the engine; B approves from its own card', async () => {
    await post('/play/command', { as: 'web-riley', text: '/ml-fund 50 card A' });
    await post('/play/command', { as: 'web-riley', text: '/ml-fund 60 card B' });
    await app.playground?.idle();
    const open = await app.stores.requests.listOpen();
    const ids = open.filter((r) => r.platform === 'web').map((r) => r.id);
    const seen = await visible('web-avery');
    const [a, b] = ids.map((id) => ({ id, card: cardOf(seen, id)! }));
    expect(a?.card && b?.card).toBeTruthy();

    // The door: a button that is not on the clicked message cannot be pressed.
    const forged = await post('/play/action', {
      as: 'web-avery',
      messageId: a!.card.id,
      action: 'approve',
      value: b!.id,
    });
    expect(forged.status).toBe(404);
    // Behind the door, the engine refuses the same forgery on its own.
    const replies: string[] = [];
    await app.engine.handle(
      {
        kind: 'action',
        platform: 'web',
        eventId: 'forged-web-1',
        actor: { platform: 'web', id: 'web-avery', isApprover: true },
        conversation: { platform: 'web', channelId: a!.card.channelId },
        receivedAt: Date.now(),
        action: 'approve',
        value: b!.id,
        message: { platform: 'web', channelId: a!.card.channelId, messageId: a!.card.id },
      },
      { reply: async (r) => void replies.push(r.text) },
    );
    expect(replies.join('\n')).toMatch(NOT_ITS_MESSAGE);
    expect((await app.stores.requests.get(b!.id))?.state).toBe('awaiting_approval');

    const ok = await post('/play/action', { as: 'web-avery', messageId: b!.card.id, action: 'approve', value: b!.id });
    expect(ok.status).toBe(202);
    await app.playground?.idle();
    expect((await app.stores.requests.get(b!.id))?.state).toBe('awaiting_payment');
  });
});
