/**
 * `npm run discord:register`: bulk-overwrite the slash commands (in DISCORD_GUILD_ID when set,
 * instant; otherwise globally). `-- --every-server`: in each server the bot is in (instant) and
 * none globally, for a bot serving many servers. Safe to run any number of times. The bot also
 * does this on start.
 * It lives with src/entry/main.ts, not in adapters/discord, because it reads src/config.ts, which
 * no adapter may import.
 */
import { registerCommands, registerCommandsInEveryGuild } from '../../adapters/discord/index.ts';
import { ConfigError } from '../config.ts';
import { registerOptionsFromEnv } from './discord-register-options.ts';

try {
  // An entry point beside main.ts: the environment is handed to src/config.ts, the only reader.
  const options = registerOptionsFromEnv(process.env);
  if (process.argv.includes('--every-server')) {
    const { guildId: _ignored, ...app } = options;
    const { registered, failed } = await registerCommandsInEveryGuild(app);
    console.log(`Registered the Discord commands in ${registered} servers (and none globally).`);
    if (failed.length > 0) {
      console.error(`These servers refused (is the bot still in them?): ${failed.join(', ')}`);
      process.exitCode = 1;
    }
  } else {
    const count = await registerCommands(options);
    const where = options.guildId
      ? `in guild ${options.guildId} (available now)`
      : 'globally (may take a while to appear)';
    console.log(`Registered ${count} Discord commands ${where}.`);
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Registering the commands failed: ${String(err)}`);
  process.exitCode = 1;
}
