/**
 * Options for `npm run discord:register`, from the same environment variables the bot reads,
 * validated by src/config.ts (so the CLI and the bot agree on every name and rule).
 */
import type { RegisterCommandsOptions } from '../../adapters/discord/index.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { centsToDollars } from '../core/shared/money.ts';

export function registerOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): RegisterCommandsOptions {
  const config = loadConfig(env);
  if (!config.discord)
    throw new ConfigError(
      'DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to register commands (Developer Portal → Bot, and → General Information)',
    );
  return {
    token: config.discord.token,
    applicationId: config.discord.applicationId,
    guildId: config.discord.guildId,
    apiUrl: config.discord.apiUrl,
    maxFundUsd: centsToDollars(config.policy.maxFundCents),
  };
}
