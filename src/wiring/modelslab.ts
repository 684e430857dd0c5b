/**
 * Where ModelsLab is: the built-in simulator (sandbox mode, served on the bot's own server at
 * `/sandbox`) or the real API, and the pool of billing accounts in front of it.
 */
import type { Config } from '../config.ts';
import type { Clock, Logger, Metrics } from '../core/shared/ports.ts';
import { createSimulator, type Simulator } from '../sandbox/index.ts';
import type { Stores } from '../store/index.ts';
import { AccountPool } from '../tenants/accounts.ts';

/** Single-team mode's simulated account (the one the sandbox always had). */
export const SANDBOX_TOKEN = 'sandbox-token';

/** The simulator keeps its state beside the store, so a restart finds the sessions it handed out. */
export function createSandbox(config: Config, url: string, clock: Clock, logger: Logger): Simulator | undefined {
  if (!config.sandbox) return undefined;
  return createSimulator({
    publicBaseUrl: `${url}/sandbox`,
    sessionLifetimeMs: config.sandboxCheckoutMs,
    // The simulated account allows what the bot is told the account allows.
    billingPerMin: config.modelslab.billingPerMinute,
    clock,
    ...(config.sandboxStateFile ? { stateFile: config.sandboxStateFile } : {}),
    onProblem: (message) => logger.warn({ component: 'sandbox' }, message),
  });
}

/**
 * One billing client and one budget per ModelsLab account (token fingerprint), kept in the
 * store (every process, every restart): the watcher's confirm calls, the engine's mutations and
 * every retry the client sends take from it. Its size is learned from ModelsLab's
 * X-RateLimit-Limit (accounts.ts), up to the cap.
 */
export function createAccounts(
  config: Config,
  deps: {
    url: string;
    simulator: Simulator | undefined;
    stores: Stores;
    clock: Clock;
    logger: Logger;
    metrics: Metrics;
  },
): AccountPool {
  const { stores } = deps;
  return new AccountPool({
    baseUrl: deps.simulator ? `${deps.url}/sandbox/api/agents/v1` : config.modelslab.apiUrl,
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
    ...(config.secrets ? { keys: config.secrets.keys } : {}),
    budgetFor: (account) =>
      stores.budget(config.modelslab.billingPerMinute, {
        capPerWindow: config.modelslab.billingPerMinuteCap,
        ...(account ? { account } : {}),
      }),
  });
}

/** Single-team mode's shared account, as the running bot uses it (the health check's one call). */
export function singleBilling(config: Config, accounts: AccountPool) {
  const account = accounts.acquire(config.modelslab.token ?? SANDBOX_TOKEN, { legacy: true });
  return { billing: account.billing, release: () => accounts.release(account) };
}
