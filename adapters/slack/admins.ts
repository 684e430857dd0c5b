/**
 * Who is a workspace admin: users.info (scope `users:read`) `is_admin || is_owner ||
 * is_primary_owner`, re-read every few minutes per person through the shared user cache
 * (user-info.ts: the same call also gives the person's language). A failed lookup counts as
 * "not an admin" for that click and is not cached, so a Slack hiccup never grants anything.
 */
import type { Clock, Logger } from '../../src/core/shared/ports.ts';
import { describe } from './slack-errors.ts';
import { createUserInfoCache, type UserInfoCache, type UsersInfoApi } from './user-info.ts';

export type { UsersInfoApi } from './user-info.ts';

export interface AdminDirectory {
  isAdmin(userId: string): Promise<boolean>;
}

const ADMIN_CACHE_MS = 5 * 60_000;

export function createAdminDirectory(
  api: UsersInfoApi,
  deps: {
    readonly clock: Clock;
    readonly logger: Logger;
    readonly cacheMs?: number;
    /** The adapter's shared cache (one users.info per person); a private one when absent. */
    readonly users?: UserInfoCache;
    readonly teamId?: string | undefined;
  },
): AdminDirectory {
  const cacheMs = deps.cacheMs ?? ADMIN_CACHE_MS;
  const users = deps.users ?? createUserInfoCache({ clock: deps.clock });
  return {
    async isAdmin(userId) {
      try {
        const user = await users.userInfo(api, deps.teamId, userId, { maxAgeMs: cacheMs });
        return user.is_admin === true || user.is_owner === true || user.is_primary_owner === true;
      } catch (err) {
        deps.logger.warn({ err: describe(err), user: userId }, 'could not look up whether a user is an admin');
        return false;
      }
    },
  };
}
