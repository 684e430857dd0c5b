/**
 * Who a Slack user is, for one workspace's token: users.info (scope `users:read`) through the
 * adapter's shared user cache (user-info.ts: one call per person, asked with `include_locale`, so
 * the same record gives locale.ts the person's language), re-read every ~10 minutes here. One
 * answer serves two questions: whether they are a workspace admin (`is_admin || is_owner ||
 * is_primary_owner`) and which team / Enterprise Grid org they belong to (origin.ts). "No such
 * user" (`user_not_found`: the token cannot see them) is cached here too, per workspace and
 * bounded, so a flood of forged ids costs one call each per window. A failed lookup (rate limit,
 * 5xx, timeout) is not cached: it counts as "not an admin" and as "cannot verify", so a Slack
 * hiccup never grants anything.
 */
import type { Clock, Logger } from '../../src/core/shared/ports.ts';
import { TtlLru } from './lru.ts';
import { describe, slackErrorCode } from './slack-errors.ts';
import { createUserInfoCache, type SlackUserRecord, type UserInfoCache, type UsersInfoApi } from './user-info.ts';

export type { UsersInfoApi } from './user-info.ts';

/** What users.info said about one person, as this workspace's token sees them. */
export interface SlackPerson {
  readonly admin: boolean;
  readonly teamId?: string;
  /** Enterprise Grid: the org, and every workspace of it the person is in. */
  readonly enterpriseId?: string;
  readonly teams: readonly string[];
}

export type PersonLookup = SlackPerson | 'not_found';

export interface AdminDirectory {
  isAdmin(userId: string): Promise<boolean>;
  /** The cached users.info answer; throws when Slack could not answer (not cached). */
  person(userId: string): Promise<PersonLookup>;
}

export const USER_CACHE_MS = 10 * 60_000;
const USER_CACHE_MAX = 5_000;
const NOT_FOUND = new Set(['user_not_found', 'user_not_visible']);

export function createAdminDirectory(
  api: UsersInfoApi,
  deps: {
    readonly clock: Pick<Clock, 'now'>;
    readonly logger: Logger;
    readonly cacheMs?: number;
    readonly max?: number;
    /** The adapter's shared cache (one users.info per person); a private one when absent. */
    readonly users?: UserInfoCache;
    /** The workspace's key (workspaces.ts `workspaceKey`): its people's records in the shared cache. */
    readonly workspace?: string | undefined;
  },
): AdminDirectory {
  const cacheMs = deps.cacheMs ?? USER_CACHE_MS;
  const max = deps.max ?? USER_CACHE_MAX;
  const users = deps.users ?? createUserInfoCache({ clock: deps.clock, max });
  // Only the "no such user" answers: the shared cache keeps real records, and a failure nothing.
  const unknown = new TtlLru<true>({ max, ttlMs: cacheMs, clock: deps.clock });
  async function person(userId: string): Promise<PersonLookup> {
    if (unknown.get(userId)) return 'not_found';
    try {
      return personOf(await users.userInfo(api, deps.workspace, userId, { maxAgeMs: cacheMs }));
    } catch (err) {
      if (!NOT_FOUND.has(slackErrorCode(err) ?? '')) throw err;
      unknown.set(userId, true);
      return 'not_found';
    }
  }
  return {
    person,
    async isAdmin(userId) {
      try {
        const p = await person(userId);
        return p !== 'not_found' && p.admin;
      } catch (err) {
        deps.logger.warn({ err: describe(err), user: userId }, 'could not look up whether a user is an admin');
        return false;
      }
    },
  };
}

function personOf(user: SlackUserRecord): SlackPerson {
  return {
    admin: user.is_admin === true || user.is_owner === true || user.is_primary_owner === true,
    ...(user.team_id ? { teamId: user.team_id } : {}),
    ...(user.enterprise_user?.enterprise_id ? { enterpriseId: user.enterprise_user.enterprise_id } : {}),
    teams: user.enterprise_user?.teams ?? [],
  };
}
