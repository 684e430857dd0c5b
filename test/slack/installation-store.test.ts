/**
 * The InstallationStore on the KeyValueStore: sealed at rest, bound to its workspace's key, org
 * installs by enterprise, deletion removes the workspace.
 */
import type { Installation } from '@slack/bolt';
import { expect, it } from 'vitest';
import { createSlackInstallationStore } from '../../adapters/slack/index.ts';
import { captureLogger, RawKv, testBox } from './workspaces-rig.ts';

const team = (teamId: string, token: string): Installation => ({
  team: { id: teamId },
  enterprise: undefined,
  user: { id: 'U0INST', token: undefined, scopes: undefined },
  bot: { id: 'B1', userId: 'U0BOT', token, scopes: ['commands'], refreshToken: `r-${token}`, expiresAt: 9e9 },
  isEnterpriseInstall: false,
  authVersion: 'v2',
});

it('stores sealed, opens only under its own workspace key, and deletes', async () => {
  const kv = new RawKv();
  const log = captureLogger();
  const store = createSlackInstallationStore({ kv, box: testBox(), logger: log.logger });
  await store.storeInstallation(team('T0AAA', 'xoxb-aaa-secret'));
  await store.storeInstallation(team('T0BBB', 'xoxb-bbb-secret'));
  expect(kv.dump()).not.toMatch(/xoxb-|r-xoxb|U0INST/);
  const a = await store.fetchInstallation({ teamId: 'T0AAA', enterpriseId: undefined, isEnterpriseInstall: false });
  expect(a.bot?.token).toBe('xoxb-aaa-secret');
  expect(a.bot?.refreshToken).toBe('r-xoxb-aaa-secret');

  // A's sealed record copied under B's key does not open: B is simply not installed.
  kv.map.set('slack-install:T:T0BBB', kv.map.get('slack-install:T:T0AAA'));
  await expect(
    store.fetchInstallation({ teamId: 'T0BBB', enterpriseId: undefined, isEnterpriseInstall: false }),
  ).rejects.toThrow(/no slack installation/);

  await store.deleteInstallation?.({ teamId: 'T0AAA', enterpriseId: undefined, isEnterpriseInstall: false });
  expect(kv.map.has('slack-install:T:T0AAA')).toBe(false);
  expect(log.lines.join('\n')).not.toContain('xoxb-');
});

it('keys an org-wide install by its enterprise, whatever team a payload names', async () => {
  const kv = new RawKv();
  const store = createSlackInstallationStore({ kv, box: testBox(), logger: captureLogger().logger });
  await store.storeInstallation({
    team: undefined,
    enterprise: { id: 'E0ORG' },
    user: { id: 'U0OWEN', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'U0BOT', token: 'xoxb-org', scopes: [] },
    isEnterpriseInstall: true,
    authVersion: 'v2',
  });
  expect([...kv.map.keys()]).toEqual(['slack-install:E:E0ORG']);
  const got = await store.fetchInstallation({ teamId: 'T0ANY', enterpriseId: 'E0ORG', isEnterpriseInstall: true });
  expect(got.bot?.token).toBe('xoxb-org');
});
