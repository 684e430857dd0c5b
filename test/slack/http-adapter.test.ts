/**
 * HTTP mode: Slack's signed deliveries through Bolt's real receiver (signature and timestamp
 * checks on) to our engine interface, with a recording engine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsIn, clickButton, openAppHome, postSigned, sendSlashCommand } from '../../fakes/slack/driver.ts';
import { noMetrics } from '../../src/core/shared/ports.ts';
import type { ActionEvent, CommandEvent } from '../../src/core/shared/types.ts';
import { type Rig, SECRET, startRig } from './support.ts';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig({
    fake: { groups: { S0FINANCE: ['U0BOB'] } },
    adapter: { approvers: ['U0APPROVER', 'S0FINANCE'] },
  });
});
afterEach(() => rig.close());

const command = (text: string, userId = 'U0ALICE', extra: { ts?: number; secret?: string } = {}) =>
  sendSlashCommand(
    rig.botUrl,
    {
      command: '/ml-fund',
      text,
      userId,
      userName: 'alice',
      channelId: 'C0GENERAL',
      responseUrl: rig.fake.responseUrl(),
    },
    { secret: extra.secret ?? SECRET, ...(extra.ts !== undefined ? { ts: extra.ts } : {}) },
  );

describe('slash commands', () => {
  it('acks a signed /ml-fund and hands the engine a CommandEvent', async () => {
    const res = await command('50 eval run');
    expect(res.status).toBe(200);
    await rig.adapter.idle();
    const event = rig.engine.events[0] as CommandEvent;
    expect(event).toMatchObject({
      kind: 'command',
      platform: 'slack',
      command: 'fund',
      text: '50 eval run',
      actor: { platform: 'slack', id: 'U0ALICE', name: 'alice', isApprover: false },
      conversation: { platform: 'slack', channelId: 'C0GENERAL', workspaceId: 'T0TEAM' },
    });
    expect(event.eventId).toMatch(/fake/);
  });

  it('maps all four commands', async () => {
    for (const name of ['/ml-fund', '/ml-subscribe', '/ml-balance', '/ml']) {
      const res = await sendSlashCommand(
        rig.botUrl,
        {
          command: name,
          text: 'status',
          userId: 'U0ALICE',
          channelId: 'C0GENERAL',
          responseUrl: rig.fake.responseUrl(),
        },
        { secret: SECRET },
      );
      expect(res.status).toBe(200);
    }
    await rig.adapter.idle();
    expect(rig.engine.events.map((e) => (e as CommandEvent).command)).toEqual(['fund', 'subscribe', 'balance', 'ml']);
  });

  it('gives the engine the text as typed (Slack sends & < > as entities)', async () => {
    await command('50 <!channel> R&D');
    await rig.adapter.idle();
    expect((rig.engine.events[0] as CommandEvent).text).toBe('50 <!channel> R&D');
  });

  it('marks approvers: listed users and members of listed user groups', async () => {
    await command('50', 'U0APPROVER');
    await command('50', 'U0BOB');
    await command('50', 'U0ALICE');
    await rig.adapter.idle();
    expect(rig.engine.events.map((e) => [e.actor.id, e.actor.isApprover])).toEqual([
      ['U0APPROVER', true],
      ['U0BOB', true],
      ['U0ALICE', false],
    ]);
  });

  it('answers 401 to a wrong signature and to a timestamp older than 5 minutes; the engine hears nothing', async () => {
    expect((await command('50', 'U0ALICE', { secret: 'not-the-secret' })).status).toBe(401);
    expect((await command('50', 'U0ALICE', { ts: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    const tampered = await postSigned(rig.botUrl, 'command=%2Fml-fund&text=50', 'application/x-www-form-urlencoded', {
      secret: 'other',
    });
    expect(tampered.status).toBe(401);
    await rig.adapter.idle();
    expect(rig.engine.events).toHaveLength(0);
  });

  it('acks before the engine works: a slow engine does not delay the HTTP answer', async () => {
    let finishedAt = 0;
    rig.engine.script = async () => {
      await new Promise((r) => setTimeout(r, 1200));
      finishedAt = performance.now();
    };
    const res = await command('50');
    const answeredAt = performance.now();
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(800);
    await rig.adapter.idle();
    expect(finishedAt).toBeGreaterThan(answeredAt);
  });

  it('reports ack latency for every command', async () => {
    const seen: Array<[string, number]> = [];
    const metrics = { ...noMetrics, ackLatency: (platform: string, seconds: number) => seen.push([platform, seconds]) };
    const own = await startRig({ adapter: { metrics } });
    try {
      const res = await sendSlashCommand(
        own.botUrl,
        {
          command: '/ml',
          text: 'help',
          userId: 'U0ALICE',
          channelId: 'C0GENERAL',
          responseUrl: own.fake.responseUrl(),
        },
        { secret: SECRET },
      );
      expect(res.status).toBe(200);
      await own.adapter.idle();
      expect(seen).toHaveLength(1);
      expect(seen[0]?.[0]).toBe('slack');
      expect(seen[0]?.[1]).toBeLessThan(0.5);
    } finally {
      await own.close();
    }
  });

  it('survives an engine that throws and tells the person something went wrong', async () => {
    rig.engine.script = async () => {
      throw new Error('boom');
    };
    expect((await command('50')).status).toBe(200);
    await rig.adapter.idle();
    const answer = rig.fake.responses()[0];
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer?.body.text)).toMatch(/went wrong/);
    expect((await command('60')).status).toBe(200);
  });

  it('answers 404 to other paths handed to the request handler', async () => {
    const res = await fetch(rig.botUrl.replace('/slack/events', '/slack/other'), { method: 'POST', body: '' });
    expect(res.status).toBe(404);
  });
});

describe('buttons', () => {
  async function postCard() {
    const ref = await rig.adapter.messenger.post(
      { platform: 'slack', channelId: 'C0GENERAL' },
      {
        text: 'Alice asks for $50.00',
        buttons: [
          { kind: 'action', action: 'approve', value: 'req-42', label: 'Approve', style: 'primary' },
          { kind: 'action', action: 'deny', value: 'req-42', label: 'Deny', style: 'danger' },
          { kind: 'link', url: 'https://example.com/docs', label: 'Docs' },
        ],
      },
    );
    const message = rig.fake.message(ref.channelId, ref.messageId);
    if (!message) throw new Error('card not stored');
    return message;
  }

  it('turns a click into an ActionEvent naming the action, value and message', async () => {
    const card = await postCard();
    const approve = buttonsIn(card.blocks).find((b) => b.label === 'Approve');
    if (!approve) throw new Error('no approve button');
    const res = await clickButton(
      rig.botUrl,
      { userId: 'U0BOB', channelId: 'C0GENERAL', message: card, button: approve, responseUrl: rig.fake.responseUrl() },
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    await rig.adapter.idle();
    expect(rig.engine.events[0] as ActionEvent).toMatchObject({
      kind: 'action',
      action: 'approve',
      value: 'req-42',
      actor: { id: 'U0BOB', isApprover: true },
      conversation: { channelId: 'C0GENERAL' },
      message: { platform: 'slack', channelId: 'C0GENERAL', messageId: card.ts },
    });
  });

  it('acks link-button clicks without bothering the engine', async () => {
    const card = await postCard();
    const link = buttonsIn(card.blocks).find((b) => b.label === 'Docs');
    if (!link) throw new Error('no link button');
    const res = await clickButton(
      rig.botUrl,
      { userId: 'U0BOB', channelId: 'C0GENERAL', message: card, button: link, responseUrl: rig.fake.responseUrl() },
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    await rig.adapter.idle();
    expect(rig.engine.events).toHaveLength(0);
  });

  it('answers a click ephemerally without replacing the card', async () => {
    rig.engine.script = (_e, responder) => responder.reply({ text: 'Only approvers can approve.', ephemeral: true });
    const card = await postCard();
    const approve = buttonsIn(card.blocks)[0];
    if (!approve) throw new Error('no button');
    await clickButton(
      rig.botUrl,
      {
        userId: 'U0ALICE',
        channelId: 'C0GENERAL',
        message: card,
        button: approve,
        responseUrl: rig.fake.responseUrl('click1'),
      },
      { secret: SECRET },
    );
    await rig.adapter.idle();
    expect(rig.fake.responses('click1')[0]?.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Only approvers can approve.',
    });
    expect(rig.fake.message(card.channel, card.ts)?.versions).toHaveLength(1);
  });
});

describe('App Home', () => {
  it('publishes a Home tab when a user opens it', async () => {
    const res = await openAppHome(rig.botUrl, 'U0ALICE', { secret: SECRET });
    expect(res.status).toBe(200);
    await rig.fake.waitFor(() => rig.fake.calls('views.publish')[0], 2000, 'views.publish');
    const call = rig.fake.calls('views.publish')[0];
    expect(call?.params.user_id).toBe('U0ALICE');
    const view = call?.params.view as { type: string; blocks: Array<{ type: string }> };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('/ml-fund');
  });

  it('uses the provider the wiring sets', async () => {
    rig.adapter.setHomeProvider(async (user) => [{ title: 'Balance', text: `Hello ${user.id}: $75.00` }]);
    await openAppHome(rig.botUrl, 'U0BOB', { secret: SECRET });
    await rig.fake.waitFor(() => rig.fake.calls('views.publish')[0], 2000, 'views.publish');
    expect(JSON.stringify(rig.fake.calls('views.publish')[0]?.params.view)).toContain('Hello U0BOB: $75.00');
  });
});
