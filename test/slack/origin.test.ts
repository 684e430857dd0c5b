/**
 * origin.ts on its own: which users.info / conversations.info answers make a payload's person and
 * channel the claimed workspace's, and what is cached. The Web API is stood in for by the two
 * narrow ports the module declares (the wire path is covered by test/isolation/slack-isolation).
 */
import { expect, it } from 'vitest';
import { createAdminDirectory, type UsersInfoApi } from '../../adapters/slack/admins.ts';
import { type ConversationsInfoApi, createOriginCheck } from '../../adapters/slack/origin.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';

type User = NonNullable<Awaited<ReturnType<UsersInfoApi['users']['info']>>['user']>;

const platformError = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { error } });

function rig(users: Record<string, User | string>, channels: Record<string, true | string>, where = { teamId: 'T0A' }) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const calls: string[] = [];
  const api: UsersInfoApi & ConversationsInfoApi = {
    users: {
      async info({ user }) {
        calls.push(`users.info ${user}`);
        const u = users[user] ?? 'user_not_found';
        if (typeof u === 'string') throw platformError(u);
        return { user: u };
      },
    },
    conversations: {
      async info({ channel }) {
        calls.push(`conversations.info ${channel}`);
        const c = channels[channel] ?? 'channel_not_found';
        if (typeof c === 'string') throw platformError(c);
        return { channel: { id: channel } };
      },
    },
  };
  const people = createAdminDirectory(api, { clock, logger: silentLogger, max: 3 });
  const check = createOriginCheck(api, people, where, { clock });
  return { clock, calls, check, people, users };
}

it('a member of the workspace in a channel it sees is admitted; a Slack Connect guest of another team is a stranger', async () => {
  const r = rig({ U0ANA: { team_id: 'T0A', is_admin: true }, U0GUEST: { team_id: 'T0OTHER' } }, { C0SHARED: true });
  expect((await r.check.verify('U0ANA', 'C0SHARED')).verdict).toBe('ok');
  // A shared channel both workspaces see; the guest's users.info answers their own team.
  expect((await r.check.verify('U0GUEST', 'C0SHARED')).verdict).toBe('stranger');
  expect((await r.check.verify('U0NOBODY', 'C0SHARED')).verdict).toBe('stranger');
  expect((await r.check.verify('U0ANA', 'C0ELSEWHERE')).verdict).toBe('unseen');
  // The same users.info answer says who is an admin: no second call.
  const before = r.calls.length;
  expect(await r.people.isAdmin('U0ANA')).toBe(true);
  expect(r.calls).toHaveLength(before);
});

it('an org-wide install admits the org’s members from any of its workspaces, and no one else', async () => {
  const r = rig(
    {
      U0ORG: { team_id: 'T0X', enterprise_user: { enterprise_id: 'E0ORG', teams: ['T0X', 'T0Y'] } },
      U0OTHERORG: { team_id: 'T0Z', enterprise_user: { enterprise_id: 'E0ELSE', teams: ['T0Z'] } },
      U0PLAIN: { team_id: 'T0X' },
    },
    { C0X: true },
    { teamId: 'T0X', enterpriseId: 'E0ORG' } as never,
  );
  expect((await r.check.verify('U0ORG', 'C0X')).verdict).toBe('ok');
  expect((await r.check.verify('U0OTHERORG', 'C0X')).verdict).toBe('stranger');
  expect((await r.check.verify('U0PLAIN', 'C0X')).verdict).toBe('stranger');
});

it('yes and no are cached for the window; a Slack failure is not cached and fails closed', async () => {
  const r = rig({ U0ANA: { team_id: 'T0A' } }, { C0A: true });
  await r.check.verify('U0ANA', 'C0A');
  await r.check.verify('U0EVE', 'C0B');
  const n = r.calls.length;
  await r.check.verify('U0ANA', 'C0A');
  await r.check.verify('U0EVE', 'C0B');
  expect(r.calls).toHaveLength(n);
  // Ten minutes later both are asked again.
  r.clock.t += 10 * 60_000;
  await r.check.verify('U0ANA', 'C0A');
  expect(r.calls.length).toBe(n + 2);

  r.users.U0BOB = 'ratelimited';
  const failed = await r.check.verify('U0BOB', 'C0A');
  expect(failed.verdict).toBe('unavailable');
  expect(failed.reason).toBe('users.info: ratelimited');
  expect(await r.people.isAdmin('U0BOB')).toBe(false);
  r.users.U0BOB = { team_id: 'T0A' };
  expect((await r.check.verify('U0BOB', 'C0A')).verdict).toBe('ok');
});

it('the cache is bounded: the least recently used person is asked again', async () => {
  const r = rig({ U1: { team_id: 'T0A' }, U2: { team_id: 'T0A' }, U3: { team_id: 'T0A' }, U4: { team_id: 'T0A' } }, {});
  for (const u of ['U1', 'U2', 'U3']) await r.people.person(u);
  await r.people.person('U1'); // U1 used again: U2 is now the oldest
  await r.people.person('U4'); // over the bound of 3: U2 goes
  const n = r.calls.length;
  await r.people.person('U1');
  expect(r.calls).toHaveLength(n);
  await r.people.person('U2');
  expect(r.calls.slice(n)).toEqual(['users.info U2']);
});
