/** SLACK_APPROVERS: users and user groups, groups cached for a few minutes. */
import { expect, it } from 'vitest';
import { createApproverDirectory, type UserGroupsApi } from '../../adapters/slack/approvers.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';

/** Our own narrow interface (what the directory needs from Slack), backed by a plain map. */
function groupsApi(groups: Record<string, string[]>) {
  const calls: string[] = [];
  let failing = false;
  const api: UserGroupsApi = {
    usergroups: {
      users: {
        list: async ({ usergroup }) => {
          calls.push(usergroup);
          if (failing) throw new Error('slack down');
          return { users: groups[usergroup] ?? [] };
        },
      },
    },
  };
  return { api, calls, groups, fail: (on: boolean) => (failing = on) };
}

it('knows listed users without asking Slack', async () => {
  const g = groupsApi({});
  const dir = createApproverDirectory(['U0ANN', 'W0ENTERPRISE'], g.api, {
    clock: new ManualClock(0),
    logger: silentLogger,
  });
  expect(await dir.isApprover('U0ANN')).toBe(true);
  expect(await dir.isApprover('W0ENTERPRISE')).toBe(true);
  expect(await dir.isApprover('U0NOBODY')).toBe(false);
  expect(g.calls).toEqual([]);
});

it('expands user groups, caches them for 5 minutes, then sees membership changes', async () => {
  const clock = new ManualClock(0);
  const g = groupsApi({ S0FIN: ['U0BOB'] });
  const dir = createApproverDirectory(['S0FIN'], g.api, { clock, logger: silentLogger });
  expect(await dir.isApprover('U0BOB')).toBe(true);
  expect(await dir.isApprover('U0EVE')).toBe(false);
  expect(g.calls).toEqual(['S0FIN']);

  g.groups.S0FIN = ['U0EVE'];
  await clock.advance(4 * 60_000);
  expect(await dir.isApprover('U0EVE')).toBe(false);
  await clock.advance(2 * 60_000);
  expect(await dir.isApprover('U0EVE')).toBe(true);
  expect(await dir.isApprover('U0BOB')).toBe(false);
  expect(g.calls).toEqual(['S0FIN', 'S0FIN']);
});

it('keeps the last known members when Slack cannot be asked, and refuses when it never could', async () => {
  const clock = new ManualClock(0);
  const g = groupsApi({ S0FIN: ['U0BOB'] });
  const dir = createApproverDirectory(['S0FIN'], g.api, { clock, logger: silentLogger });
  expect(await dir.isApprover('U0BOB')).toBe(true);
  g.fail(true);
  await clock.advance(10 * 60_000);
  expect(await dir.isApprover('U0BOB')).toBe(true);

  const cold = createApproverDirectory(['S0OPS'], g.api, { clock, logger: silentLogger });
  expect(await cold.isApprover('U0BOB')).toBe(false);
});

it('ignores entries that are not Slack ids', async () => {
  const g = groupsApi({});
  const dir = createApproverDirectory(['@bob', 'bob@example.com'], g.api, {
    clock: new ManualClock(0),
    logger: silentLogger,
  });
  expect(await dir.isApprover('@bob')).toBe(false);
  expect(g.calls).toEqual([]);
});
