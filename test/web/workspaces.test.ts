/**
 * The playground with workspaces (workspaces mode): a switcher on the page, each workspace with
 * its own channel and people, every event saying which workspace it came from (so core resolves
 * tenant `web:<id>`), and nothing of one workspace ever shown to, clickable by, or announced to
 * another's people. The single playground is unchanged (playground.test.ts covers it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPlayground, type WebMessage } from '../../adapters/web/index.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { SseEvent } from './sse-client.ts';
import { ACME_GLOBEX, type Cleanups, MapStore, startWorkspacePlayground, textOf } from './workspace-rig.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ACME = { platform: 'web', channelId: 'ml-billing-acme', workspaceId: 'acme' } as const;
const GLOBEX = { platform: 'web', channelId: 'ml-billing-globex', workspaceId: 'globex' } as const;
const message = (e: SseEvent) => e.data as WebMessage;
const approveCard = {
  text: 'Fund request $50.00',
  buttons: [{ kind: 'action' as const, action: 'approve' as const, value: 'req_acme', label: 'Approve' }],
};

function pageConfig(html: string): Record<string, unknown> {
  const json = html.match(/<script type="application\/json" id="config">(.*?)<\/script>/s)?.[1];
  return JSON.parse(json ?? '{}') as Record<string, unknown>;
}

describe('the page', () => {
  it('offers a workspace switcher, each workspace with its channel and its admin', async () => {
    const { server } = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('id="workspaces"');
    const config = pageConfig(html);
    expect(config.workspaces).toEqual([
      { id: 'acme', name: 'Acme', channel: { id: 'ml-billing-acme', name: '#ml-billing' }, admin: 'acme-avery' },
      {
        id: 'globex',
        name: 'Globex',
        channel: { id: 'ml-billing-globex', name: '#ml-billing' },
        admin: 'globex-avery',
      },
    ]);
    const people = config.people as Array<{ id: string; workspaceId: string; role: string; isAdmin: boolean }>;
    expect(people.map((p) => p.id)).toEqual([
      'acme-riley',
      'acme-avery',
      'acme-morgan',
      'globex-riley',
      'globex-avery',
      'globex-morgan',
    ]);
    expect(people.filter((p) => p.isAdmin).map((p) => [p.id, p.role])).toEqual([
      ['acme-avery', 'admin'],
      ['globex-avery', 'admin'],
    ]);
  });

  it('without workspaces the page config is the single playground, as before', async () => {
    const { server } = await startWorkspacePlayground(cleanups);
    const config = pageConfig(await (await fetch(`${server.url}/`)).text());
    expect(Object.keys(config).sort()).toEqual(['channel', 'commands', 'languages', 'people', 'sandbox']);
    expect(config.channel).toEqual({ id: 'ml-billing', name: '#ml-billing' });
    expect((config.people as Array<{ id: string }>).map((p) => p.id)).toEqual(['web-riley', 'web-avery', 'web-morgan']);
  });

  it('refuses a workspace id that cannot be a tenant id, and a duplicate', () => {
    expect(() =>
      createPlayground({ sandbox: true, logger: silentLogger, workspaces: [{ id: 'a b', name: 'A' }] }),
    ).toThrow(/letters, digits/);
    expect(() =>
      createPlayground({
        sandbox: true,
        logger: silentLogger,
        workspaces: [
          { id: 'acme', name: 'A' },
          { id: 'acme', name: 'B' },
        ],
      }),
    ).toThrow(/twice/);
  });
});

describe('events', () => {
  it('carry the workspace of the person acting: commands, and clicks in channels and DMs', async () => {
    const { post, port, playground } = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    expect((await post('/play/command', { as: 'acme-riley', text: '/ml-fund 50 GPU' })).status).toBe(202);
    expect((await post('/play/command', { as: 'globex-avery', text: '/ml status' })).status).toBe(202);
    // The single playground's people do not exist here.
    expect((await post('/play/command', { as: 'web-riley', text: '/ml status' })).status).toBe(400);
    await playground.idle();
    expect(port.events).toMatchObject([
      {
        kind: 'command',
        command: 'fund',
        conversation: ACME,
        actor: { id: 'acme-riley', name: 'Riley', isApprover: false },
      },
      {
        kind: 'command',
        command: 'ml',
        conversation: GLOBEX,
        actor: { id: 'globex-avery', isApprover: true, isAdmin: true },
      },
    ]);

    const card = await playground.messenger.post(ACME, approveCard);
    const dm = await playground.messenger.dm(
      { platform: 'web', id: 'acme-riley' },
      { text: 'Pay', buttons: [{ kind: 'action', action: 'paid', value: 'req_acme', label: "I've paid" }] },
    );
    await post('/play/action', { as: 'acme-avery', messageId: card.messageId, action: 'approve', value: 'req_acme' });
    await post('/play/action', { as: 'acme-riley', messageId: dm.messageId, action: 'paid', value: 'req_acme' });
    await playground.idle();
    expect(port.events.slice(2)).toMatchObject([
      { kind: 'action', action: 'approve', conversation: ACME, message: { channelId: 'ml-billing-acme' } },
      {
        kind: 'action',
        action: 'paid',
        conversation: { platform: 'web', channelId: 'dm:acme-riley', workspaceId: 'acme' },
        actor: { id: 'acme-riley' },
      },
    ]);
  });

  it('ask approversFor who approves in the workspace, after the ack, and tell the page', async () => {
    const asked: Array<string | undefined> = [];
    const { post, port, playground, stream } = await startWorkspacePlayground(cleanups, {
      workspaces: ACME_GLOBEX,
      approversFor: async (workspaceId) => {
        asked.push(workspaceId);
        return workspaceId === 'acme' ? ['acme-morgan'] : [];
      },
    });
    await post('/play/command', { as: 'acme-morgan', text: '/ml status' });
    await post('/play/command', { as: 'acme-avery', text: '/ml status' });
    await post('/play/command', { as: 'globex-morgan', text: '/ml status' });
    await playground.idle();
    expect(port.events.map((e) => [e.actor.id, e.actor.isApprover])).toEqual([
      ['acme-morgan', true],
      ['acme-avery', false],
      ['globex-morgan', false],
    ]);
    expect(asked).toEqual(['acme', 'acme', 'globex']);
    const page = await stream('acme-riley');
    expect((await page.next((e) => e.event === 'roles')).data).toEqual({ approvers: ['acme-morgan'] });
  });

  it('in the single playground, approversFor is asked with no workspace', async () => {
    const asked: Array<string | undefined> = [];
    const { post, port, playground } = await startWorkspacePlayground(cleanups, {
      approversFor: async (w) => {
        asked.push(w);
        return ['web-morgan'];
      },
    });
    await post('/play/command', { as: 'web-morgan', text: '/ml status' });
    await playground.idle();
    expect(asked).toEqual([undefined]);
    expect(port.events[0]).toMatchObject({
      actor: { id: 'web-morgan', isApprover: true },
      conversation: { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' },
    });
  });
});

describe('isolation between workspaces', () => {
  it("shows, announces and lets click nothing of Acme's channel or DMs to Globex", async () => {
    const { post, port, playground, stream, seen } = await startWorkspacePlayground(cleanups, {
      workspaces: ACME_GLOBEX,
    });
    const globexAvery = await stream('globex-avery');
    const acmeAvery = await stream('acme-avery');
    const card = await playground.messenger.post(ACME, approveCard);
    await playground.messenger.post(ACME, { text: 'Receipt' }, { thread: card });
    await playground.messenger.dm({ platform: 'web', id: 'acme-riley' }, { text: 'Pay here' });
    await post('/play/command', { as: 'acme-riley', text: '/ml-fund 50 acme only' });
    await playground.messenger.post(GLOBEX, { text: 'globex marker' });

    // Acme's admin sees the card and its thread, and learns that Riley has a DM.
    await acmeAvery.next((e) => e.event === 'message' && textOf(message(e)) === 'Receipt');
    expect((await acmeAvery.next((e) => e.event === 'dm-notice')).data).toEqual({
      for: 'acme-riley',
      rev: expect.any(Number),
    });

    // Globex's pages hear only Globex.
    await globexAvery.next((e) => e.event === 'message' && textOf(message(e)) === 'globex marker');
    const heard = globexAvery.events.filter((e) => !['snapshot', 'dm-activity', 'roles'].includes(e.event));
    expect(heard.map((e) => [e.event, textOf(message(e))])).toEqual([['message', 'globex marker']]);
    // A page that connects later learns of Acme's DMs only in Acme.
    const activity = async (who: string) => (await (await stream(who)).next((e) => e.event === 'dm-activity')).data;
    expect(await activity('globex-morgan')).toEqual({});
    expect(await activity('acme-morgan')).toEqual({ 'acme-riley': expect.any(Number) });
    for (const who of ['globex-riley', 'globex-avery', 'globex-morgan'])
      expect((await seen(who)).map(textOf)).toEqual(['globex marker']);
    expect((await seen('acme-riley')).map(textOf)).toEqual([
      'Fund request $50.00',
      'Receipt',
      'Pay here',
      '/ml-fund 50 acme only',
    ]);

    // A Globex person clicking Acme's real button gets the answer a made-up message gets.
    const forged = await post('/play/action', {
      as: 'globex-avery',
      messageId: card.messageId,
      action: 'approve',
      value: 'req_acme',
    });
    const missing = await post('/play/action', {
      as: 'globex-avery',
      messageId: 'web-9999',
      action: 'approve',
      value: 'req_acme',
    });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toBe(await missing.text());
    await playground.idle();
    expect(port.events.filter((e) => e.kind === 'action')).toEqual([]);
  });

  it("answers a person's command in their own workspace's channel only", async () => {
    const { post, port, playground, seen } = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    port.script = async (_event, responder) => responder.reply({ text: 'Balance: $10.00' });
    await post('/play/command', { as: 'globex-riley', text: '/ml-balance public' });
    await playground.idle();
    expect((await seen('globex-morgan')).map((m) => [m.channelId, textOf(m)])).toEqual([
      ['ml-billing-globex', 'Balance: $10.00'],
    ]);
    expect(await seen('acme-morgan')).toEqual([]);
  });
});

describe('the kept conversation', () => {
  it('keeps each message with its workspace across a restart', async () => {
    const store = new MapStore();
    const first = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX, store });
    await first.playground.messenger.post(ACME, approveCard);
    await first.playground.messenger.dm({ platform: 'web', id: 'globex-riley' }, { text: 'Globex DM' });
    first.playground.close();

    const second = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX, store });
    expect((await second.seen('acme-morgan')).map((m) => [m.workspaceId, textOf(m)])).toEqual([
      ['acme', 'Fund request $50.00'],
    ]);
    expect((await second.seen('globex-riley')).map((m) => [m.workspaceId, textOf(m)])).toEqual([
      ['globex', 'Globex DM'],
    ]);
    expect(await second.seen('globex-morgan')).toEqual([]);
  });

  it("restores a log the single playground wrote (no workspace on its messages), and shows it to no workspace's people", async () => {
    const store = new MapStore();
    const single = await startWorkspacePlayground(cleanups, { store });
    await single.playground.messenger.post(
      { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' },
      approveCard,
    );
    single.playground.close();
    expect(store.dump()).not.toContain('workspaceId');

    const again = await startWorkspacePlayground(cleanups, { store });
    expect((await again.seen('web-riley')).map(textOf)).toEqual(['Fund request $50.00']);
    again.playground.close();

    const multi = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX, store });
    expect(await multi.seen('acme-avery')).toEqual([]);
    expect(await multi.seen('globex-avery')).toEqual([]);
  });
});

describe('posts the engine addresses', () => {
  it("land in the workspace's channel for `ml-billing` with a workspace (an env default), and by their channel otherwise", async () => {
    const { playground, seen } = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    const alert = await playground.messenger.post(
      { platform: 'web', channelId: 'ml-billing', workspaceId: 'globex' },
      { text: 'Low balance' },
    );
    expect(alert.channelId).toBe('ml-billing-globex');
    // A ref that names Globex on Acme's channel is Acme's: the channel decides, as on Slack.
    await playground.messenger.post({ ...ACME, workspaceId: 'globex' }, { text: 'acme post' });
    expect((await seen('globex-riley')).map(textOf)).toEqual(['Low balance']);
    expect((await seen('acme-riley')).map(textOf)).toEqual(['acme post']);
  });
});

describe('who approves', () => {
  it('is told to open pages of the workspace again once a form (settings) is done there', async () => {
    let acme: readonly string[] = ['acme-avery'];
    const { post, port, playground, stream } = await startWorkspacePlayground(cleanups, {
      workspaces: ACME_GLOBEX,
      approversFor: async (w) => (w === 'acme' ? acme : ['globex-avery']),
    });
    port.script = async (event, responder) => {
      if (event.kind === 'command')
        await responder.openForm?.({
          name: 'settings_approvals',
          title: 'Approvals',
          submitLabel: 'Save',
          fields: [{ id: 'approvers', kind: 'users', label: 'Approvers' }],
        });
      if (event.kind === 'form') acme = event.values.approvers as readonly string[];
    };
    const riley = await stream('acme-riley');
    const globex = await stream('globex-riley');
    const avery = await stream('acme-avery');
    await post('/play/command', { as: 'acme-avery', text: '/ml settings' });
    const form = (await avery.next((e) => e.event === 'form')).data as { id: string };
    await post('/play/form', { as: 'acme-avery', formId: form.id, values: { approvers: 'acme-morgan' } });
    await playground.idle();
    const roles = (s: typeof riley) => s.events.filter((e) => e.event === 'roles').map((e) => e.data);
    await riley.next((e) => e.event === 'roles' && JSON.stringify(e.data).includes('acme-morgan'));
    expect(roles(riley)).toEqual([{ approvers: ['acme-avery'] }, { approvers: ['acme-morgan'] }]);
    await globex.next((e) => e.event === 'roles');
    expect(roles(globex)).toEqual([{ approvers: ['globex-avery'] }]);
  });
});
