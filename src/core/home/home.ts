/** `engine.home(actor)`: what the Slack App Home shows for one person. */

import { isBotError } from '../shared/errors.ts';
import { localeOf } from '../shared/i18n.ts';
import type { Balance } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Actor } from '../shared/types.ts';
import { homeBalance, homeOpenRequests, homeReceipts } from './home-view.ts';

const RECEIPTS_LOOKBACK_MS = 90 * 24 * 60 * 60 * 1000;
export const HOME_RECEIPTS = 5;

export async function buildHome(s: EngineServices, actor: Actor): Promise<Reply[]> {
  let balance: Balance | undefined;
  try {
    balance = await s.billing.getBalance();
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'home: balance lookup failed');
  }
  const open = (await s.requests.listOpen())
    .filter((r) => r.platform === actor.platform)
    .sort((a, b) => a.createdAt - b.createdAt);
  const paid = (await s.requests.listSince(s.clock.now() - RECEIPTS_LOOKBACK_MS))
    .filter((r) => r.platform === actor.platform && r.state === 'paid')
    .slice(0, HOME_RECEIPTS);
  // The Home is the actor's own view: their language, else the workspace's.
  const t = s.texts(localeOf(actor.locale) ?? s.locale());
  return [homeBalance(t, balance), homeOpenRequests(t, open), homeReceipts(t, paid)];
}
