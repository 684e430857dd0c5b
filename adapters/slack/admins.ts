/**
 * Who is a workspace admin: users.info (scope `users:read`) `is_admin || is_owner ||
 * is_primary_owner`, cached a few minutes per person. A failed lookup counts as "not an admin"
 * for that click and is not cached, so a Slack hiccup never grants anything.
 */
import type { Clock, Logger } from '../../src/core/shared/ports.ts';
import { describe } from './slack-errors.ts';

export interface UsersInfoApi {
  users: {
    info(args: { user: string }): Promise<{
      user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
    }>;
  };
}

export interface AdminDirectory {
  isAdmin(userId: string): Promise<boolean>;
}

const ADMIN_CACHE_MS = 5 * 60_000;

export function createAdminDirectory(
  api: UsersInfoApi,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly cacheMs?: number },
): AdminDirectory {
  const cacheMs = deps.cacheMs ?? ADMIN_CACHE_MS;
  const cache = new Map<string, { admin: boolean; at: number }>();
  return {
    async isAdmin(userId) {
      const now = deps.clock.now();
      const hit = cache.get(userId);
      if (hit && now - hit.at < cacheMs) return hit.admin;
      try {
        const { user } = await api.users.info({ user: userId });
        const admin = user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
        cache.set(userId, { admin, at: now });
        return admin;
      } catch (err) {
        deps.logger.warn({ err: describe(err), user: userId }, 'could not look up whether a user is an admin');
        return false;
      }
    },
  };
}
