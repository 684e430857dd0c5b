/**
 * What the one HTTP server serves: `/metrics`, `/healthz`, the simulator at `/sandbox` (sandbox
 * mode), the tracked pay links under `/pay`, the add-card page under `/cards/add`, Slack's `/slack/events` (and, with OAuth,
 * `/slack/install` and `/slack/oauth_redirect`), and the playground at `/`.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../core/shared/ports.ts';
import { SINGLE_TENANT } from '../core/shared/tenant.ts';
import { addCardHandler, isTenantAddCardPath, tenantAddCardHandler } from '../http/add-card-page.ts';
import { payLinkHandler, tenantPayLinkHandler } from '../http/pay-page.ts';
import type { Route } from '../http/router.ts';
import { type AppMetrics, healthHandler } from '../ops/index.ts';
import type { Simulator } from '../sandbox/index.ts';
import type { Stores } from '../store/index.ts';
import type { AccountPool } from '../tenants/accounts.ts';
import type { TenantHub } from '../tenants/hub.ts';
import { singleBilling } from './modelslab.ts';
import type { Platforms } from './platforms.ts';

export interface RouteDeps {
  readonly metrics: AppMetrics;
  readonly stores: Stores;
  readonly accounts: AccountPool;
  readonly tenants: TenantHub;
  readonly simulator: Simulator | undefined;
  readonly platforms: Platforms;
  readonly payLinkBase: string | undefined;
  readonly logger: Logger;
  /** How long `/healthz` reuses its last report (ms); see src/ops/health.ts. */
  readonly healthIntervalMs: number | undefined;
  /**
   * Where the add-card page loads Stripe.js from. Default: Stripe's own, or in sandbox mode the
   * in-app simulator's stand-in (`/sandbox/stripe/v3.js`, this server's own origin).
   */
  readonly stripeJsUrl?: string;
}

const STRIPE_JS = 'https://js.stripe.com/v3/';
const SANDBOX_STRIPE_JS = '/sandbox/stripe/v3.js';

export function buildRoutes(config: Config, deps: RouteDeps): Route[] {
  const workspaces = config.tenancy === 'workspaces';
  const { tenants, logger, payLinkBase, simulator } = deps;
  const { slack, discord, playground } = deps.platforms;
  const routes: Route[] = [
    { prefix: '/metrics', handler: deps.metrics.handler },
    {
      prefix: '/healthz',
      handler: healthHandler(
        {
          store: () => deps.stores.ping(),
          // Single-team mode checks its one account; workspaces mode has one per tenant and
          // checks none (one tenant's revoked token must not mark every replica unhealthy).
          ...(workspaces
            ? {}
            : {
                billing: async () => {
                  const bot = tenants.botOf(SINGLE_TENANT);
                  if (!bot) return false;
                  const { billing, release } = singleBilling(config, deps.accounts);
                  try {
                    await billing.getBalance();
                  } finally {
                    release();
                  }
                  return true;
                },
              }),
          ...(slack ? { slack: async () => slack.connected() } : {}),
          // The gateway session, or with DISCORD_GATEWAY=off the bot token over REST.
          ...(discord ? { discord: () => discord.healthy() } : {}),
        },
        // Cached: an unauthenticated hit must not cost a ModelsLab call (src/ops/health.ts).
        deps.healthIntervalMs !== undefined ? { intervalMs: deps.healthIntervalMs } : {},
      ),
    },
  ];
  if (simulator) routes.push({ prefix: '/sandbox', handler: simulator.handler, strip: true });
  // The tracked pay links of the DMs (core/pay-link.ts) and the add-card page of the approvers'
  // DMs (core/cards/add-card-link.ts), when the bot has a public address.
  if (payLinkBase) {
    const addCard = { stripeJsUrl: deps.stripeJsUrl ?? (simulator ? SANDBOX_STRIPE_JS : STRIPE_JS), logger };
    if (workspaces) {
      routes.push({ prefix: '/pay', handler: payLinkHandler(() => undefined, logger), strip: true });
      routes.push({ prefix: '/cards/add', handler: addCardHandler(() => undefined, addCard), strip: true });
      const payLinks = tenantPayLinkHandler((tenant) => tenants.payLinkOpener(tenant), logger);
      const addCards = tenantAddCardHandler((tenant) => tenants.addCardOpener(tenant), addCard);
      routes.push({
        prefix: '/w',
        handler: (req, res) => (isTenantAddCardPath(req) ? addCards(req, res) : payLinks(req, res)),
        strip: true,
      });
    } else {
      routes.push({
        prefix: '/pay',
        handler: payLinkHandler(() => tenants.engineOf(SINGLE_TENANT), logger),
        strip: true,
      });
      routes.push({
        prefix: '/cards/add',
        handler: addCardHandler(() => tenants.engineOf(SINGLE_TENANT), addCard),
        strip: true,
      });
    }
  }
  if (slack?.requestHandler) routes.push({ prefix: '/slack/events', handler: slack.requestHandler });
  if (slack?.installHandler) {
    // Bolt's own install page and OAuth callback; it reads the full path (no strip).
    routes.push({ prefix: '/slack/install', handler: slack.installHandler });
    routes.push({ prefix: '/slack/oauth_redirect', handler: slack.installHandler });
  }
  if (playground) routes.push({ prefix: '/', handler: playground.handler });
  return routes;
}

/**
 * While stopping: 503 everywhere, except the in-app simulator (sandbox mode), which keeps
 * answering: the work being finished may still call it, and it lives on this server.
 */
export function stoppingRoutes(routes: readonly Route[], shuttingDown: Route['handler']): Route[] {
  return [{ prefix: '/', handler: shuttingDown }, ...routes.filter((r) => r.prefix === '/sandbox')];
}
