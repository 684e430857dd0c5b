/**
 * Gateway off (DISCORD_GATEWAY=off): the bot token on discord.js's REST client alone. Discord
 * delivers every interaction to every gateway session on a shard, so a second replica must not
 * open one; it still needs REST, because its watcher owes receipts, card edits and DMs for the
 * checkouts it confirms. `client.login` would open the gateway, so the token is set on the REST
 * client directly (what login does first) and checked with one authenticated read.
 */
import { type Client, type REST, Routes } from 'discord.js';
import type { Logger } from '../../src/core/shared/ports.ts';

/** Set the token and check it: a wrong token stops start-up here, as a failed login would. */
export async function startRestOnly(client: Client, token: string, logger: Logger): Promise<void> {
  client.rest.setToken(token.replace(/^(Bot|Bearer)\s*/i, ''));
  const me = (await client.rest.get(Routes.user())) as { id?: string; username?: string };
  logger.info({ user: me.username, id: me.id }, 'discord: REST only (DISCORD_GATEWAY=off): no gateway session');
}

/**
 * One authenticated read (GET /users/@me): the token still works and Discord's REST answers. A
 * 401 makes @discordjs/rest drop the token, so a token reset in the Developer Portal stays
 * failing until the process restarts with the new one (as a gateway session would).
 */
export async function restAuthenticates(rest: REST): Promise<boolean> {
  try {
    await rest.get(Routes.user());
    return true;
  } catch {
    return false;
  }
}

/**
 * A member's DM channel over REST (POST /users/@me/channels: the same channel every time, so safe
 * to repeat), kept per user. discord.js's `users.createDM` reads the logged-in user first, which a
 * process that never logs in does not have.
 */
export function restDmChannels(rest: REST): (userId: string) => Promise<string> {
  const known = new Map<string, string>();
  return async (userId) => {
    const cached = known.get(userId);
    if (cached) return cached;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    known.set(userId, channel.id);
    return channel.id;
  };
}
