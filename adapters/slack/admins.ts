/**
 * Who a Slack user is, for one workspace's token: users.info (scope `users:read`), cached per
 * person (bounded, ~10 minutes). One answer serves two questions: whether they are a workspace
 * admin (`is_admin || is_owner || is_primary_owner`) and which team / Enterprise Grid org they
 * belong to (origin.ts). "No such user" (`user_not_found`: the token cannot see them) is cached
 * too, so a flood of forged ids costs one call each per window. A failed lookup (rate limit,
 * 5xx, timeout) is not cached: it counts as "not an admin" and as "cannot verify", so a Slack
 * hiccup never grants anything.
 */
import type { Clock, Logger } from '../../src/core/shared/ports.ts';
import { TtlLru } from './lru.ts';
import { describe, slackErrorCode } from './slack-errors.ts';

export interface UsersInfoApi {
  users: {
    info(args: { user: string }): Promise<{
      user?: {
        team_id?: string;
        is_admin?: boolean;
        is_owner?: boolean;
        is_primary_owner?: boolean;
        enterprise_user?: { enterprise_id?: string; teams?: string[] };
      };
    }>;
  };
}

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
  },
): AdminDirectory {
  const cache = new TtlLru<PersonLookup>({
    max: deps.max ?? USER_CACHE_MAX,
    ttlMs: deps.cacheMs ?? USER_CACHE_MS,
    clock: deps.clock,
  });
  async function person(userId: string): Promise<PersonLookup> {
    const hit = cache.get(userId);
    if (hit) return hit;
    let answer: PersonLookup;
    try {
      const { user } = await api.users.info({ user: userId });
      answer = {
        admin: user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
        ...(user?.team_id ? { teamId: user.team_id } : {}),
        ...(user?.enterprise_user?.enterprise_id ? { enterpriseId: user.enterprise_user.enterprise_id } : {}),
        teams: user?.enterprise_user?.teams ?? [],
      };
    } catch (err) {
      if (!NOT_FOUND.has(slackErrorCode(err) ?? '')) throw err;
      answer = 'not_found';
    }
    cache.set(userId, answer);
    return answer;
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
