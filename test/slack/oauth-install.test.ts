/**
 * Many workspaces through Slack's OAuth: each team installs through /slack/install and the
 * redirect (state cookie checked), its tokens are stored sealed, and every event and every Web
 * API call of a workspace uses that workspace's own bot token.
 */
import { afterEach, expect, it } from 'vitest';
import type { CommandEvent } from '../../src/core/shared/types.ts';
import { CLIENT_SECRET, STATE_SECRET, WorkspacesRig } from './workspaces-rig.ts';

let rig: WorkspacesRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('installs two workspaces; tokens are sealed in the store; each command reaches the port with its workspace and answers with its own token', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  r.fake.tenancy.addChannel('T0AAA', 'C0AAA');
  r.fake.tenancy.addChannel('T0BBB', 'C0BBB');

  const a = await r.install({ teamId: 'T0AAA', userId: 'U0ANNA', userToken: true });
  expect(a.status).toBe(200);
  expect(a.page).toMatch(/installed/);
  const b = await r.install({ teamId: 'T0BBB', userId: 'U0BEN' });
  expect(b.status).toBe(200);
  expect(r.installs).toEqual([
    { teamId: 'T0AAA', enterpriseInstall: false, installerUserId: 'U0ANNA' },
    { teamId: 'T0BBB', enterpriseInstall: false, installerUserId: 'U0BEN' },
  ]);

  // Sealed at rest: no token (bot or user) and no installer id readable in the raw store.
  const tokens = [...r.tokensOf({ teamId: 'T0AAA' }), ...r.tokensOf({ teamId: 'T0BBB' })];
  expect(tokens.length).toBe(3);
  const raw = r.kv.dump();
  expect(raw).toContain('slack-install:T:T0AAA');
  for (const t of [...tokens, 'U0ANNA', 'U0BEN']) expect(raw).not.toContain(t);

  // Every workspace talks through its own token, including to a channel the other cannot see.
  r.engine.script = async (event, responder) => {
    await responder.reply({ text: `hello ${event.conversation.workspaceId}` });
  };
  expect((await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA')).status).toBe(200);
  expect((await r.command({ teamId: 'T0BBB' }, 'U0BEN', 'C0BBB')).status).toBe(200);
  await r.adapter.idle();
  const events = r.engine.events as CommandEvent[];
  expect(
    events.map((e) => [e.conversation.workspaceId, e.conversation.enterpriseId, e.conversation.channelId]),
  ).toEqual([
    ['T0AAA', undefined, 'C0AAA'],
    ['T0BBB', undefined, 'C0BBB'],
  ]);
  const posts = r.fake.calls('chat.postMessage');
  expect(posts.map((c) => [c.params.channel, c.team, c.error])).toEqual([
    ['C0AAA', 'T0AAA', undefined],
    ['C0BBB', 'T0BBB', undefined],
  ]);
  expect(r.fake.messages('C0AAA').map((m) => m.text)).toEqual(['hello T0AAA']);

  // The engine's messenger for a workspace (a receipt after the ack) uses that workspace's token.
  await r.adapter
    .messengerFor({ teamId: 'T0BBB' })
    .post({ platform: 'slack', channelId: 'C0BBB' }, { text: 'receipt B' });
  expect(r.fake.calls('chat.postMessage').at(-1)?.team).toBe('T0BBB');
  // Asked to post in A's channel with B's token, Slack answers as for a channel it cannot see.
  await expect(
    r.adapter.messengerFor({ teamId: 'T0BBB' }).post({ platform: 'slack', channelId: 'C0AAA' }, { text: 'x' }),
  ).rejects.toThrow(/channel_not_found/);
  expect(r.fake.messages('C0AAA').map((m) => m.text)).toEqual(['hello T0AAA']);

  // No secret ever reached a log line: tokens, client secret, state secret.
  const logs = r.log.lines.join('\n');
  for (const s of [...tokens, CLIENT_SECRET, STATE_SECRET]) expect(logs).not.toContain(s);
});

it('refuses the redirect without the install page’s state cookie: nothing is stored', async () => {
  rig = await WorkspacesRig.start();
  const res = await rig.install({ teamId: 'T0CCC', userId: 'U0CAT' }, { cookie: null });
  expect(res.status).toBe(400);
  expect(res.page).not.toContain('code-');
  expect(rig.kv.map.size).toBe(0);
  expect(rig.installs).toEqual([]);
  expect(rig.fake.calls('oauth.v2.access')).toHaveLength(0);
});

it('an org-wide install gives events the enterprise id; a team install in the same org does not', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  await r.install({ enterpriseId: 'E0ORG', orgWide: true, userId: 'U0OWEN' });
  expect(r.installs[0]).toEqual({ enterpriseId: 'E0ORG', enterpriseInstall: true, installerUserId: 'U0OWEN' });
  expect(r.kv.map.has('slack-install:E:E0ORG')).toBe(true);
  r.engine.script = async (_e, responder) => responder.reply({ text: 'org hello' });
  await r.command({ teamId: 'T0ORGA', enterpriseId: 'E0ORG', enterpriseInstall: true }, 'U0OWEN', 'C0ORGA');
  await r.adapter.idle();
  const [event] = r.engine.events;
  expect(event?.conversation).toMatchObject({ workspaceId: 'T0ORGA', enterpriseId: 'E0ORG' });
  expect(r.fake.calls('chat.postMessage').at(-1)?.team).toBe('E0ORG');

  await r.install({ teamId: 'T0GRID', enterpriseId: 'E0OTHER', userId: 'U0GIL' });
  await r.command({ teamId: 'T0GRID', enterpriseId: 'E0OTHER' }, 'U0GIL', 'C0GRID');
  await r.adapter.idle();
  expect(r.engine.events[1]?.conversation.workspaceId).toBe('T0GRID');
  expect(r.engine.events[1]?.conversation.enterpriseId).toBeUndefined();
});

it('a payload from a workspace that never installed is acked and goes nowhere', async () => {
  rig = await WorkspacesRig.start();
  await rig.install({ teamId: 'T0AAA', userId: 'U0ANNA' });
  const res = await rig.command({ teamId: 'T0EVIL' }, 'U0EVE', 'C0EVIL');
  expect(res.status).toBe(200);
  await rig.adapter.idle();
  expect(rig.engine.events).toHaveLength(0);
  expect(rig.fake.calls('chat.postMessage')).toHaveLength(0);
  const refusals = rig.log.lines.filter((l) => l.includes('no installation: refused'));
  expect(refusals).toHaveLength(1);
  expect(refusals[0]).toContain('T0EVIL');
});

it('onInstalled can DM the installer at once, with the new workspace’s token', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  r.afterInstall = async (i) => {
    await r.adapter
      .messengerFor({ ...(i.teamId ? { teamId: i.teamId } : {}) })
      .dm({ platform: 'slack', id: i.installerUserId }, { text: 'Connect ModelsLab' });
  };
  const res = await r.install({ teamId: 'T0NEW', userId: 'U0NINA' });
  expect(res.status).toBe(200);
  const dm = r.fake.messages(r.fake.dmChannelOf('U0NINA'));
  expect(dm.map((m) => m.text)).toEqual(['Connect ModelsLab']);
  expect(r.fake.calls('chat.postMessage').map((c) => c.team)).toEqual(['T0NEW']);
});

it('Socket Mode cannot serve OAuth: a config error names what to set', async () => {
  const { createSlackAdapter } = await import('../../adapters/slack/index.ts');
  const { silentLogger } = await import('../../src/core/shared/ports.ts');
  expect(() =>
    createSlackAdapter({
      appToken: 'xapp-1',
      approvers: [],
      logger: silentLogger,
      oauth: {
        clientId: 'a',
        clientSecret: 'b',
        stateSecret: 'c',
        installationStore: {
          storeInstallation: async () => {},
          fetchInstallation: async () => {
            throw new Error('none');
          },
        },
      },
    }),
  ).toThrow(/SLACK_SIGNING_SECRET/);
});
