/**
 * Entry point: read the environment once, start the app, stop cleanly on SIGTERM/SIGINT.
 * `npm start` runs this file on Node 24 (type stripping, no build step). The entry points live
 * together in src/entry/ (this one and `npm run discord:register`): they alone hand the process
 * environment to src/config.ts, and no adapter imports config.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { startApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger, installShutdown } from '../ops/index.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

/**
 * A setting the operator must fix, found while reading the environment or while starting (a
 * STORE_URL the store cannot use, a token Slack refuses): its lines name the variable and the
 * fix, with no stack trace, and the exit code says start-up failed. Anything else propagates.
 */
function stopOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`mlbot: configuration problem\n${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, { isTTY: Boolean(process.stdout.isTTY), hostname: hostname(), pid: process.pid });
} catch (err) {
  stopOnConfigError(err);
}

const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, base: { service: 'mlbot' } });
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

const app = await startApp(config, { logger }).catch(stopOnConfigError);
const where = config.playground.enabled ? `playground at ${app.url}/` : `listening on ${app.url}`;
if (config.sandbox) {
  // One plain line a newcomer can't miss, whatever the log format.
  const why = config.tenancy === 'workspaces' ? 'workspaces, no MODELSLAB_API_URL' : 'no MODELSLAB_TOKEN';
  process.stdout.write(`mlbot: SANDBOX mode (${why}): simulated ModelsLab and Stripe; ${where}\n`);
} else {
  logger.info({ url: app.url, tenancy: config.tenancy }, `mlbot started; ${where}`);
}
if (!config.slack && !config.discord && !config.playground.enabled) {
  // Running, healthy and useless: say so once, with the fix, rather than wait for a puzzled operator.
  logger.warn(
    'no chat platform is configured, so nobody can reach the bot: set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for many workspaces) with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN, and/or DISCORD_TOKEN with DISCORD_APPLICATION_ID',
  );
}

installShutdown({
  logger,
  steps: [{ name: 'app', run: () => app.stop() }],
});
