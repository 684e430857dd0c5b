/** The Slack guards as rules: the future side of the timestamp window, and which workspace is served. */
import { describe, expect, it } from 'vitest';
import { futureTimestamp, servedWorkspaceOf, servesPayload } from '../../adapters/slack/guards.ts';

describe('futureTimestamp', () => {
  const now = 1_764_400_000_000;
  const sec = Math.floor(now / 1000);
  it('refuses more than five minutes ahead, accepts up to five, leaves the past and junk to Bolt', () => {
    expect(futureTimestamp(String(sec + 30 * 60), now)).toMatch(/1800 s in the future/);
    expect(futureTimestamp(String(sec + 301), now)).toBeDefined();
    expect(futureTimestamp(String(sec + 300), now)).toBeUndefined();
    expect(futureTimestamp(String(sec - 3600), now)).toBeUndefined();
    expect(futureTimestamp(undefined, now)).toBeUndefined();
    expect(futureTimestamp('soon', now)).toBeUndefined();
    expect(futureTimestamp([String(sec + 3600)], now)).toBeDefined();
  });
});

describe('servesPayload', () => {
  const plain = servedWorkspaceOf({ team_id: 'T1' });
  const grid = servedWorkspaceOf({ team_id: 'T1', enterprise_id: 'E1' });
  it('serves its own team, refuses other teams and enterprises', () => {
    expect(servesPayload(plain, { teamId: 'T1' })).toBe(true);
    expect(servesPayload(plain, { teamId: 'T2' })).toBe(false);
    expect(servesPayload(plain, { teamId: 'T1', enterpriseId: 'E9' })).toBe(false);
    expect(servesPayload(plain, {})).toBe(false);
  });
  it('in an Enterprise Grid: its team in its enterprise, or an org-wide payload from its enterprise', () => {
    expect(servesPayload(grid, { teamId: 'T1', enterpriseId: 'E1' })).toBe(true);
    expect(servesPayload(grid, { teamId: 'T1' })).toBe(true);
    expect(servesPayload(grid, { enterpriseId: 'E1' })).toBe(true);
    expect(servesPayload(grid, { teamId: 'T2', enterpriseId: 'E1' })).toBe(false);
    expect(servesPayload(grid, { teamId: 'T1', enterpriseId: 'E2' })).toBe(false);
    expect(servesPayload(grid, { enterpriseId: 'E2' })).toBe(false);
  });
  it('before auth.test has answered, nothing is served', () => {
    expect(servedWorkspaceOf({})).toBeUndefined();
    expect(servesPayload(undefined, { teamId: 'T1' })).toBe(false);
  });
});
