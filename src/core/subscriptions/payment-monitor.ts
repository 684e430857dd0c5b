/**
 * Watches the account's subscriptions for a failed payment and posts one notice per failure in
 * the alert channel, with Fix payment for approvers (fix-payment.ts). Shaped like the
 * low-balance monitor (core/alerts): a round every `intervalMs`, state in the kv store, a lease
 * so one process checks when several share the store.
 *
 * Each round lists the subscriptions (a read) and asks each one not canceled for its payment
 * health (`GET /subscriptions/{id}/status`). On the engine's budgeted port that call takes a
 * spare billing token only and throws BillingBudgetWaitError when there is none: the
 * subscription is skipped until the next round, so people's calls are never starved by it.
 *
 * Past due: one notice per failure episode. The decision (`posting`) is persisted before the
 * post and the message recorded after it (`posted`); a crash in between posts the same message
 * once more at the next round (the adapters' post keys adopt the first or label the copy, as for
 * reminders: core/requests/reminders.ts). Active again (fixed here or anywhere): the record is
 * closed, then the notice edited to say so, its button gone. Canceled: closed as ended.
 */
import { RequestBusyError, RequestLocks } from '../requests/request-lock.ts';
import { ENGLISH_TEXTS } from '../shared/english-texts.ts';
import { BillingBudgetWaitError } from '../shared/errors.ts';
import type { Texts } from '../shared/i18n.ts';
import { LeasedRounds } from '../shared/leased-rounds.ts';
import { Outbox } from '../shared/outbox.ts';
import type {
  BillingPort,
  Clock,
  KeyValueStore,
  LeaseStore,
  Logger,
  Messenger,
  MessengerRegistry,
  Subscription,
} from '../shared/ports.ts';
import type { ConversationRef } from '../shared/types.ts';
import {
  editClosed,
  NOTICE_TTL_MS,
  noticeKey,
  noticeLockId,
  type PaymentNotice,
  pastDueNotice,
} from './payment-monitor-notice.ts';

export interface PaymentMonitorDeps {
  /** The engine's budgeted port (src/bot.ts `engineBilling`): the status checks spend its one budget. */
  readonly billing: BillingPort;
  readonly kv: KeyValueStore;
  readonly leases: LeaseStore;
  readonly messengers: MessengerRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ownerId?: string;
  /** The workspace's language at the time of the post; default English. */
  readonly texts?: () => Texts;
}

export interface PaymentMonitorOptions {
  readonly channel: ConversationRef;
  /** Between rounds (SUBSCRIPTION_CHECK_MINUTES, default 15). */
  readonly intervalMs: number;
  /** Mark the notices as simulated (sandbox mode), like every engine reply. */
  readonly sandbox?: boolean;
}

export interface RoundResult {
  /** Subscriptions whose status was read this round. */
  readonly checked: number;
  /** Left for the next round: no spare billing token, a failed read, a fix in flight. */
  readonly skipped: number;
  readonly posted: number;
  readonly closed: number;
  /** Not this process's turn (another holds the lease), or the listing failed. */
  readonly idle?: boolean;
}

const LEASE_KEY = 'alerts:sub-payments';

export class PaymentMonitor {
  readonly #deps: PaymentMonitorDeps;
  readonly #options: PaymentMonitorOptions;
  readonly #outbox: Outbox;
  readonly #locks: RequestLocks;
  readonly #owner: string;
  readonly #rounds: LeasedRounds<RoundResult>;

  constructor(deps: PaymentMonitorDeps, options: PaymentMonitorOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#outbox = new Outbox(deps.messengers, options.sandbox ?? false, () => this.#texts());
    // Its own lock owner: the engine's Fix payment locks the same records under the engine's.
    this.#owner = `${deps.ownerId ?? 'bot'}:sub-payments`;
    this.#locks = new RequestLocks(deps.leases, this.#owner);
    this.#rounds = new LeasedRounds({
      clock: deps.clock,
      intervalMs: options.intervalMs,
      round: () =>
        this.#round().catch((err: unknown): RoundResult => {
          this.#deps.logger.error({ err }, 'subscription payment check failed');
          return { checked: 0, skipped: 0, posted: 0, closed: 0, idle: true };
        }),
      lease: {
        store: deps.leases,
        key: LEASE_KEY,
        owner: this.#owner,
        onUnavailable: (err: unknown) =>
          deps.logger.warn({ err }, 'subscription payment check: lease store unavailable; skipping this round'),
      },
    });
  }

  /** A round now, then every `intervalMs` on the clock until `stop()`. */
  start(): void {
    this.#rounds.start();
  }

  stop(): void {
    this.#rounds.stop();
  }

  /** One round; overlapping calls share the one in flight. */
  checkOnce(): Promise<RoundResult> {
    return this.#rounds.runOnce();
  }

  async #round(): Promise<RoundResult> {
    const idle = { checked: 0, skipped: 0, posted: 0, closed: 0, idle: true };
    if (!(await this.#rounds.holdLease())) return idle;
    let subs: readonly Subscription[];
    try {
      subs = await this.#deps.billing.listSubscriptions();
    } catch (err) {
      this.#deps.logger.warn({ err }, 'subscription payment check: listing failed; trying again next round');
      return idle;
    }
    const tally = { checked: 0, skipped: 0, posted: 0, closed: 0 };
    for (const sub of subs) {
      const status = sub.status === 'canceled' ? 'canceled' : await this.#status(sub.id);
      if (status === undefined) {
        tally.skipped++;
        continue;
      }
      if (sub.status !== 'canceled') tally.checked++;
      try {
        const did = await this.#locks.run(noticeLockId(sub.id), () => this.#apply(sub, status), { wait: false });
        if (did === 'posted') tally.posted++;
        if (did === 'closed') tally.closed++;
      } catch (err) {
        if (!(err instanceof RequestBusyError))
          this.#deps.logger.warn({ err, subscriptionId: sub.id }, 'subscription payment notice not updated this round');
        tally.skipped++;
      }
    }
    return tally;
  }

  /** The subscription's payment status, or undefined when it must wait for the next round. */
  async #status(id: number): Promise<string | undefined> {
    try {
      return (await this.#deps.billing.subscriptionPaymentState(id)).status;
    } catch (err) {
      if (err instanceof BillingBudgetWaitError) {
        this.#deps.logger.debug({ subscriptionId: id }, 'no spare billing token: status check left for next round');
      } else {
        this.#deps.logger.warn({ err, subscriptionId: id }, 'subscription status check failed');
      }
      return undefined;
    }
  }

  async #apply(sub: Subscription, status: string): Promise<'posted' | 'closed' | 'unchanged'> {
    const { kv, clock } = this.#deps;
    const key = noticeKey(sub.id);
    const earlier = await kv.get<PaymentNotice>(key);
    if (status === 'past_due') {
      if (earlier?.phase === 'posted') return 'unchanged';
      const notice: PaymentNotice =
        earlier?.phase === 'posting'
          ? earlier
          : {
              subscriptionId: sub.id,
              planName: sub.planName,
              episode: (earlier?.episode ?? 0) + 1,
              phase: 'posting',
              channel: this.#options.channel,
              decidedAt: clock.now(),
            };
      if (earlier?.phase === 'posting')
        this.#deps.logger.warn(
          { subscriptionId: sub.id },
          'a payment notice was pending (crash during the post); posting it again',
        );
      else await kv.set(key, notice, NOTICE_TTL_MS);
      const message = await this.#messenger(notice.channel).post(notice.channel, pastDueNotice(this.#texts(), notice));
      await kv.set<PaymentNotice>(key, { ...notice, phase: 'posted', message }, NOTICE_TTL_MS);
      this.#deps.logger.info({ subscriptionId: sub.id, episode: notice.episode }, 'subscription payment notice posted');
      return 'posted';
    }
    if (!earlier || earlier.phase === 'closed') return 'unchanged';
    // Paused or trialing is neither failed nor fixed: the notice stays until it is one or the other.
    const closedAs = status === 'active' ? 'recovered' : status === 'canceled' ? 'ended' : undefined;
    if (!closedAs) return 'unchanged';
    const closed: PaymentNotice = { ...earlier, phase: 'closed', closedAt: clock.now(), closedAs };
    await kv.set(key, closed, NOTICE_TTL_MS);
    await editClosed(this.#messenger(closed.channel), this.#texts(), closed, this.#deps.logger);
    return 'closed';
  }

  #texts(): Texts {
    return this.#deps.texts?.() ?? ENGLISH_TEXTS;
  }

  #messenger(channel: ConversationRef): Messenger {
    return this.#outbox.messenger(channel.platform);
  }
}
