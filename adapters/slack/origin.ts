/**
 * Many-workspace mode: does the workspace a payload claims really own its person and its
 * conversation? Slack signs every payload with the one app-wide signing secret, and Bolt picks
 * the installation (the bot token, the tenant) from the payload's own team and enterprise ids.
 * A signature therefore vouches for the body, not for the pairing "this team, this member, this
 * channel" (a body re-sent with another team id by anyone holding the secret; a member of
 * another org in a Slack Connect channel). So before an event reaches core we ask Slack, with
 * the CLAIMED workspace's own token: users.info(user) must name that team (on an org-wide
 * install: that org), and conversations.info(channel) must be visible to it (DMs too).
 *
 * Answers, positive and negative, are cached per workspace (users with the admin lookup, one
 * users.info for both; conversations here), bounded and ~10 minutes. Single-token mode never
 * gets here: workspace-guard.ts already refuses any other team, with no Web API call.
 */
import type { Clock } from '../../src/core/shared/ports.ts';
import type { AdminDirectory } from './admins.ts';
import { TtlLru } from './lru.ts';
import { slackErrorCode } from './slack-errors.ts';

export interface ConversationsInfoApi {
  conversations: { info(args: { channel: string }): Promise<unknown> };
}

/**
 * `ok`: the member and the conversation are the workspace's. `stranger`: the person is not the
 * workspace's (unknown to its token, or another team's, as in a shared channel): nothing is
 * done and nothing said. `unseen`: a verified member of the workspace, in a conversation its bot
 * cannot see (a private channel or a DM without the bot). `unavailable`: Slack could not answer
 * (rate limit, 5xx, timeout, a missing scope): fail closed, "try again".
 */
export type OriginVerdict = 'ok' | 'stranger' | 'unseen' | 'unavailable';

/** Where the payload claims to be from: its team, and its enterprise only for an org-wide install. */
export interface ClaimedWorkspace {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
}

export interface OriginCheck {
  verify(userId: string, channelId: string | undefined): Promise<{ verdict: OriginVerdict; reason?: string }>;
}

export const CHANNEL_CACHE_MS = 10 * 60_000;
const CHANNEL_CACHE_MAX = 5_000;
const CHANNEL_NOT_FOUND = new Set(['channel_not_found']);

export function createOriginCheck(
  api: ConversationsInfoApi,
  people: AdminDirectory,
  where: ClaimedWorkspace,
  deps: { readonly clock: Pick<Clock, 'now'>; readonly cacheMs?: number },
): OriginCheck {
  const channels = new TtlLru<boolean>({
    max: CHANNEL_CACHE_MAX,
    ttlMs: deps.cacheMs ?? CHANNEL_CACHE_MS,
    clock: deps.clock,
  });

  async function sees(channelId: string): Promise<boolean> {
    const hit = channels.get(channelId);
    if (hit !== undefined) return hit;
    let seen: boolean;
    try {
      await api.conversations.info({ channel: channelId });
      seen = true;
    } catch (err) {
      if (!CHANNEL_NOT_FOUND.has(slackErrorCode(err) ?? '')) throw err;
      seen = false;
    }
    channels.set(channelId, seen);
    return seen;
  }

  async function member(userId: string): Promise<boolean> {
    const p = await people.person(userId);
    if (p === 'not_found') return false;
    // Org-wide install: the tenant is the org; any of its workspaces' members belongs.
    if (where.enterpriseId) return p.enterpriseId === where.enterpriseId;
    return where.teamId !== undefined && (p.teamId === where.teamId || p.teams.includes(where.teamId));
  }

  return {
    async verify(userId, channelId) {
      // Both lookups at once (each usually a cache hit); the person decides first.
      const [user, channel] = await Promise.allSettled([
        member(userId),
        channelId ? sees(channelId) : Promise.resolve(true),
      ]);
      if (user.status === 'rejected') return { verdict: 'unavailable', reason: reasonOf(user.reason, 'users.info') };
      if (!user.value) return { verdict: 'stranger', reason: 'users.info: not a member of the claimed workspace' };
      if (channel.status === 'rejected')
        return { verdict: 'unavailable', reason: reasonOf(channel.reason, 'conversations.info') };
      if (!channel.value) return { verdict: 'unseen', reason: 'conversations.info: channel_not_found' };
      return { verdict: 'ok' };
    },
  };
}

/** A log-safe reason: Slack's error code or the error's message (never a token: they are not in either). */
function reasonOf(err: unknown, method: string): string {
  return `${method}: ${slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err))}`;
}
