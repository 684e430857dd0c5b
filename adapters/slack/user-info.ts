/**
 * One `users.info` per person, shared by every lookup that needs it: the person's language
 * (locale.ts), whether they are a workspace admin and which team / Enterprise Grid org they
 * belong to (admins.ts `person()`, read by the origin check, origin.ts). Always asked with
 * `include_locale: true`, so one call answers all of them. Cached per (workspace, user) for 30
 * minutes and bounded (least recently used out past 10,000 people), because a busy workspace
 * clicks far more often than people change settings; each caller may ask for a fresher record
 * (`maxAgeMs`: admin rights and team membership are re-read every ~10 minutes, and the record
 * they fetch serves the language too). Concurrent lookups of one person share one call. A
 * failure is not cached and is thrown: each caller decides what "unknown" means for it (no
 * locale; not an admin; "cannot verify"). "No such user" is a failure here too; admins.ts keeps
 * its own short negative cache for the origin check.
 *
 * The call goes out with the client it is given: the token of the workspace the event came from.
 * The cache key is that workspace's key (workspaces.ts `workspaceKey`: `E:<org>` for an org-wide
 * install, else `T:<team>`; `single` in single-token mode): one key, one token, so a record read
 * with A's token never answers for B.
 */
import type { Clock } from '../../src/core/shared/ports.ts';

/** The users.info fields anything here reads (Slack sends more). */
export interface SlackUserRecord {
  readonly id?: string;
  readonly team_id?: string;
  /** IETF tag of the person's Slack language ("es-ES", "en-US"); only with `include_locale`. */
  readonly locale?: string;
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
  readonly is_bot?: boolean;
  /** Enterprise Grid: the person's org, and every workspace of it they are in. */
  readonly enterprise_user?: { readonly enterprise_id?: string; readonly teams?: readonly string[] };
}

export interface UsersInfoApi {
  users: {
    info(args: { user: string; include_locale?: boolean }): Promise<{ user?: SlackUserRecord }>;
  };
}

export interface UserInfoCache {
  /**
   * users.info for `userId` (with `include_locale`) through `client`, the token of `workspace`
   * (its key); a cached record younger than `maxAgeMs` (default the cache's 30 minutes) is
   * reused. Throws when Slack fails; nothing is cached then.
   */
  userInfo(
    client: UsersInfoApi,
    workspace: string | undefined,
    userId: string,
    options?: { readonly maxAgeMs?: number },
  ): Promise<SlackUserRecord>;
  /** A workspace (its key) was uninstalled or reinstalled: its people are looked up afresh. */
  forget(workspace: string): void;
}

export const USER_INFO_TTL_MS = 30 * 60_000;
export const USER_INFO_MAX = 10_000;

export function createUserInfoCache(deps: {
  readonly clock: Pick<Clock, 'now'>;
  readonly ttlMs?: number;
  readonly max?: number;
}): UserInfoCache {
  const ttl = deps.ttlMs ?? USER_INFO_TTL_MS;
  const max = deps.max ?? USER_INFO_MAX;
  // A Map iterates in insertion order: re-inserting on every hit keeps the oldest use first.
  const cache = new Map<string, { readonly user: SlackUserRecord; readonly at: number }>();
  const inFlight = new Map<string, Promise<SlackUserRecord>>();
  const keyOf = (workspace: string | undefined, userId: string) => `${workspace ?? ''}\u0000${userId}`;

  function remember(key: string, user: SlackUserRecord): void {
    cache.delete(key);
    cache.set(key, { user, at: deps.clock.now() });
    while (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  }

  return {
    async userInfo(client, workspace, userId, options = {}) {
      const key = keyOf(workspace, userId);
      const hit = cache.get(key);
      const maxAge = Math.min(options.maxAgeMs ?? ttl, ttl);
      if (hit && deps.clock.now() - hit.at < maxAge) {
        cache.delete(key);
        cache.set(key, hit);
        return hit.user;
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      const call = client.users
        .info({ user: userId, include_locale: true })
        .then((res) => {
          const user = res.user ?? {};
          remember(key, user);
          return user;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, call);
      return call;
    },
    forget(workspace) {
      const prefix = `${workspace}\u0000`;
      for (const key of [...cache.keys()]) if (key.startsWith(prefix)) cache.delete(key);
    },
  };
}
