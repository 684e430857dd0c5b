/**
 * After the install: uninstall and token revocation delete the workspace's tokens and tell the
 * wiring; a rotating bot token is refreshed by Bolt's authorize and stored sealed again; admins
 * come from users.info and the installer.
 */
import { afterEach, expect, it } from 'vitest';
import { sendAppUninstalled, sendTokensRevoked } from '../../fakes/slack/driver.ts';
import { SIGNING, WorkspacesRig } from './workspaces-rig.ts';

let rig: WorkspacesRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('app_uninstalled deletes that workspace’s tokens and calls onUninstalled; its next command goes nowhere, the other workspace keeps working', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  await r.install({ teamId: 'T0AAA', userId: 'U0ANNA' });
  await r.install({ teamId: 'T0BBB', userId: 'U0BEN' });
  r.engine.script = async (_e, responder) => responder.reply({ text: 'ok' });
  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA');
  await r.adapter.idle();
  expect(r.engine.events).toHaveLength(1);

  r.fake.tenancy.revoke({ teamId: 'T0AAA' });
  const res = await sendAppUninstalled(r.botUrl, { teamId: 'T0AAA' }, { secret: SIGNING });
  expect(res.status).toBe(200);
  await r.fake.waitFor(() => r.uninstalls.length > 0, 2000, 'onUninstalled');
  expect(r.uninstalls).toEqual([{ teamId: 'T0AAA' }]);
  expect(r.kv.map.has('slack-install:T:T0AAA')).toBe(false);
  expect(r.kv.map.has('slack-install:T:T0BBB')).toBe(true);

  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA');
  await r.command({ teamId: 'T0BBB' }, 'U0BEN', 'C0BBB');
  await r.adapter.idle();
  expect(r.engine.events.map((e) => e.conversation.workspaceId)).toEqual(['T0AAA', 'T0BBB']);
  // The engine's messenger for the removed workspace no longer has a token to use.
  await expect(
    r.adapter
      .messengerFor({ teamId: 'T0AAA' })
      .post({ platform: 'slack', channelId: 'C0AAA' }, { text: 'late receipt' }),
  ).rejects.toThrow();
});

it('tokens_revoked for the bot deletes the installation; for a user token only, the bot keeps working', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  await r.install({ teamId: 'T0AAA', userId: 'U0ANNA', userToken: true });
  await r.install({ teamId: 'T0BBB', userId: 'U0BEN' });

  await sendTokensRevoked(r.botUrl, { teamId: 'T0AAA' }, { oauth: ['U0ANNA'] }, { secret: SIGNING });
  await new Promise((res) => setTimeout(res, 100));
  expect(r.uninstalls).toEqual([]);
  expect(r.kv.map.has('slack-install:T:T0AAA')).toBe(true);
  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA');
  await r.adapter.idle();
  expect(r.engine.events).toHaveLength(1);

  await sendTokensRevoked(r.botUrl, { teamId: 'T0BBB' }, { bot: ['U0BOTT0BBB'] }, { secret: SIGNING });
  await r.fake.waitFor(() => r.uninstalls.length > 0, 2000, 'onUninstalled');
  expect(r.uninstalls).toEqual([{ teamId: 'T0BBB' }]);
  expect(r.kv.map.has('slack-install:T:T0BBB')).toBe(false);
});

it('refreshes a rotating bot token that is about to expire, stores the new one sealed and uses it', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  // Expires within Bolt's 2-hour refresh window.
  await r.install({ teamId: 'T0ROT', userId: 'U0ROB', rotate: true, expiresInSec: 3600 });
  const [first] = r.tokensOf({ teamId: 'T0ROT' });
  r.engine.script = async (_e, responder) => responder.reply({ text: 'rotated' });
  await r.command({ teamId: 'T0ROT' }, 'U0ROB', 'C0ROT');
  await r.adapter.idle();

  const refresh = r.fake.calls('oauth.v2.access').filter((c) => c.params.grant_type === 'refresh_token');
  expect(refresh.length).toBeGreaterThanOrEqual(1);
  const tokens = r.tokensOf({ teamId: 'T0ROT' });
  const latest = tokens.at(-1);
  expect(latest).not.toBe(first);
  // The post went out with the refreshed token.
  expect(r.fake.calls('chat.postMessage').at(-1)?.auth).toBe(`Bearer ${latest}`);
  expect(r.engine.events).toHaveLength(1);
  // Stored sealed: neither token readable in the store.
  const raw = r.kv.dump();
  for (const t of tokens) expect(raw).not.toContain(t);
  for (const c of refresh) expect(r.log.lines.join('\n')).not.toContain(String(c.params.refresh_token));
});

it('isAdmin: a workspace admin or owner per users.info, and the installer; nobody else', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  await r.install({ teamId: 'T0AAA', userId: 'U0ANNA' });
  r.fake.tenancy.setUser('U0ADMIN', { teamId: 'T0AAA', admin: true });
  r.fake.tenancy.setUser('U0OWNER', { teamId: 'T0AAA', primaryOwner: true });
  r.approvers = { T0AAA: ['U0APPROVE'] };
  for (const u of ['U0ANNA', 'U0ADMIN', 'U0OWNER', 'U0MEMBER', 'U0APPROVE'])
    await r.command({ teamId: 'T0AAA' }, u, 'C0AAA');
  await r.adapter.idle();
  expect(r.engine.events.map((e) => [e.actor.id, e.actor.isAdmin, e.actor.isApprover])).toEqual([
    ['U0ANNA', true, false],
    ['U0ADMIN', true, false],
    ['U0OWNER', true, false],
    ['U0MEMBER', false, false],
    ['U0APPROVE', false, true],
  ]);
  // users.info went out with the workspace's own token, and is cached.
  expect(new Set(r.fake.calls('users.info').map((c) => c.team))).toEqual(new Set(['T0AAA']));
  await r.command({ teamId: 'T0AAA' }, 'U0ADMIN', 'C0AAA');
  await r.adapter.idle();
  expect(r.fake.calls('users.info').filter((c) => c.params.user === 'U0ADMIN')).toHaveLength(1);
});

it('uninstalling an org-wide install deletes the enterprise’s installation and reports the enterprise', async () => {
  rig = await WorkspacesRig.start();
  const r = rig;
  await r.install({ enterpriseId: 'E0ORG', orgWide: true, userId: 'U0OWEN' });
  expect(r.kv.map.has('slack-install:E:E0ORG')).toBe(true);
  await sendAppUninstalled(r.botUrl, { enterpriseId: 'E0ORG', enterpriseInstall: true }, { secret: SIGNING });
  await r.fake.waitFor(() => r.uninstalls.length > 0, 2000, 'onUninstalled');
  expect(r.uninstalls).toEqual([{ enterpriseId: 'E0ORG' }]);
  expect(r.kv.map.size).toBe(0);
});
