/**
 * `npm run discord:register`: bulk-overwrite the slash commands (in DISCORD_GUILD_ID when set,
 * instant; otherwise globally). Safe to run any number of times. The bot also does this on start.
 * It lives with src/entry/main.ts, not in adapters/discord, because it reads src/config.ts, which
 * no adapter may import.
 */
import { registerCommands } from '../../adapters/discord/index.ts';
import { ConfigError } from '../config.ts';
import { registerOptionsFromEnv } from './discord-register-options.ts';

try {
  // An entry point beside main.ts: the environment is handed to src/config.ts, the only reader.
  const options = registerOptionsFromEnv(process.env);
  const count = await registerCommands(options);
  const where = options.guildId
    ? `in guild ${options.guildId} (available now)`
    : 'globally (may take a while to appear)';
  console.log(`Registered ${count} Discord commands ${where}.`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Registering the commands failed: ${String(err)}`);
  process.exitCode = 1;
}
