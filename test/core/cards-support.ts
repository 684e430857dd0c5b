/**
 * An engine for the cards tests: the live simulator, the real billing client and stores, wired by
 * createBot like test/core/live.ts, plus a public address (`payLinkBase`), which the add-card
 * link needs and live() does not set. Only the chat platform is recorded (our Messenger port).
 */
import { createBot } from '../../src/bot.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import type { BillingPort, Clock } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ActionName, Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { createStores } from '../../src/store/index.ts';
import { FAST_WATCHER, startLiveBilling, TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { capturingLogger } from './live.ts';

export const BASE = 'https://bot.example.com';

export async function cardsLive(
  options: {
    clock?: Clock;
    storeUrl?: string;
    payLinkBase?: string | null;
    /** Wraps the billing port the engine gets (ours: a test may lose an answer with it). */
    wrapBilling?: (b: BillingPort) => BillingPort;
  } = {},
) {
  // A fixed day before the seeded cards expire (06/2027, 12/2028), so the lines read the same every year.
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 11, 1));
  const { sim, billing } = await startLiveBilling(clock);
  const stores = await createStores(options.storeUrl ?? 'memory://', { clock });
  const messenger = new RecordingMessenger('slack');
  const logger = capturingLogger();
  const base = options.payLinkBase === null ? undefined : (options.payLinkBase ?? BASE);
  const bot = createBot({
    billing: options.wrapBilling ? options.wrapBilling(billing) : billing,
    stores,
    messengers: new Map([['slack', messenger]]),
    clock,
    logger,
    policy: makePolicy({ sandbox: true }),
    billingPerMinute: TEST_BILLING_PER_MIN,
    watcherOptions: FAST_WATCHER,
    ...(base ? { payLinkBase: base } : {}),
  });
  let seq = 0;
  const event = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev-${++seq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });
  async function cards(actor: Actor): Promise<Reply[]> {
    const responder = messenger.responder(actor.id);
    await bot.engine.handle({ ...event(actor), kind: 'command', command: 'ml', text: 'cards' }, responder);
    return responder.replies;
  }
  /** A click on an ephemeral message that can be replaced (as on Slack and Discord). */
  async function click(actor: Actor, action: ActionName, value: string) {
    const responder = messenger.responder(actor.id, 'C-general', { canReplace: true });
    const e: InboundEvent = {
      ...event(actor),
      kind: 'action',
      action,
      value,
      message: { platform: 'slack', channelId: 'C-general', messageId: `ephemeral-${seq}`, ephemeral: true },
    };
    await bot.engine.handle(e, responder);
    return [...responder.replaced, ...responder.replies];
  }
  /** The token of the last add-card link DM'd to `userId`. */
  function linkTokenOf(userId: string): string {
    const dm = messenger.dmsTo(userId).at(-1)?.reply;
    const button = dm?.buttons?.find((b) => b.kind === 'link');
    if (button?.kind !== 'link') throw new Error('no add-card link in the DM');
    const m = /\/cards\/add\/([2-9a-z]{32})$/.exec(button.url);
    if (!m?.[1]) throw new Error(`not an add-card link: ${button.url}`);
    return m[1];
  }
  async function close() {
    await bot.stop();
    await stores.close();
    await sim.stop();
  }
  return { sim, billing, stores, messenger, logger, bot, engine: bot.engine, cards, click, linkTokenOf, close };
}

export function buttonValue(reply: Reply | undefined, label: string): string {
  const b = reply?.buttons?.find((x) => x.label === label);
  if (b?.kind !== 'action') throw new Error(`no "${label}" button in ${JSON.stringify(reply?.buttons ?? [])}`);
  return b.value;
}

export function labels(reply: Reply | undefined): string[] {
  return (reply?.buttons ?? []).map((b) => b.label);
}
