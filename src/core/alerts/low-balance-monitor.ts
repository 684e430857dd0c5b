/**
 * Watches the wallet balance and posts one alert in a channel when it falls below a threshold.
 *
 * Hysteresis: after an alert, the next one needs the balance to recover to at least
 * `threshold + rearmMarginCents` (default $1) and fall below the threshold again. A balance
 * hovering around the threshold (9.99, 10.01, 9.98, 9.97 against $10) alerts once, not every
 * time it crosses by a cent; with `rearmMarginCents: 0` recovery means "at or above the threshold".
 *
 * The alert state lives in the KV store (written before the post, like every side effect), so a
 * restart between two checks does not repeat an alert. If the post itself fails, the state stays
 * `posting` and the next check tries again. A failed balance check changes nothing.
 */
import { ENGLISH_TEXTS } from '../shared/english-texts.ts';
import type { Texts } from '../shared/i18n.ts';
import { LeasedRounds } from '../shared/leased-rounds.ts';
import type { Cents } from '../shared/money.ts';
import type { BillingPort, Clock, KeyValueStore, LeaseStore, Logger, MessengerRegistry } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';
import type { ConversationRef, MessageRef } from '../shared/types.ts';
import { balanceRecovered, lowBalanceAlert } from './low-balance-view.ts';

export interface LowBalanceMonitorDeps {
  readonly billing: BillingPort;
  readonly kv: KeyValueStore;
  readonly messengers: MessengerRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * With several bot processes on one store, only the holder of the `alerts:low-balance` lease
   * checks, so one dip posts one alert, not one per process.
   */
  readonly leases?: LeaseStore;
  readonly ownerId?: string;
  /**
   * The workspace's language at the time of the post (the alert is a channel post): asked at each
   * alert, so a language changed in the settings applies to the next one. Default English.
   */
  readonly texts?: () => Texts;
}

export interface LowBalanceMonitorOptions {
  readonly thresholdCents: Cents;
  readonly channel: ConversationRef;
  /** Between balance checks; each check is one billing call (ModelsLab allows ~15 a minute). */
  readonly intervalMs: number;
  /** How far above the threshold the balance must climb before a new alert can fire. Default 100. */
  readonly rearmMarginCents?: Cents;
  /** Mark alerts as simulated (sandbox mode), like every engine reply. */
  readonly sandbox?: boolean;
}

export interface AlertState {
  readonly phase: 'armed' | 'posting' | 'alerted';
  readonly balanceCents?: Cents;
  readonly at?: number;
  readonly message?: MessageRef;
}

export type CheckResult = 'alerted' | 'recovered' | 'unchanged' | 'failed';

const LEASE_KEY = 'alerts:low-balance';

export class LowBalanceMonitor {
  readonly #deps: LowBalanceMonitorDeps;
  readonly #options: LowBalanceMonitorOptions;
  readonly #key: string;
  readonly #rounds: LeasedRounds<CheckResult>;

  constructor(deps: LowBalanceMonitorDeps, options: LowBalanceMonitorOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#key = `low-balance:${options.channel.platform}:${options.channel.channelId}`;
    const { leases, ownerId = 'low-balance-monitor' } = deps;
    this.#rounds = new LeasedRounds({
      clock: deps.clock,
      intervalMs: options.intervalMs,
      round: () => this.#check(),
      ...(leases && {
        lease: {
          store: leases,
          key: LEASE_KEY,
          owner: ownerId,
          onUnavailable: (err: unknown) =>
            deps.logger.warn({ err }, 'low-balance check: lease store unavailable; skipping this check'),
        },
      }),
    });
  }

  /** Check now, then every `intervalMs` on the clock until `stop()`. */
  start(): void {
    this.#rounds.start();
  }

  stop(): void {
    this.#rounds.stop();
  }

  /** One balance check; overlapping calls share the one in flight. */
  checkOnce(): Promise<CheckResult> {
    return this.#rounds.runOnce();
  }

  async #check(): Promise<CheckResult> {
    const log = this.#deps.logger;
    if (!(await this.#rounds.holdLease())) return 'unchanged';
    let balanceCents: Cents;
    try {
      balanceCents = (await this.#deps.billing.getBalance()).balanceCents;
    } catch (err) {
      log.warn({ err }, 'low-balance check: balance lookup failed; alert state unchanged');
      return 'failed';
    }
    try {
      return await this.#apply(balanceCents);
    } catch (err) {
      log.error({ err }, 'low-balance check failed');
      return 'failed';
    }
  }

  async #apply(balanceCents: Cents): Promise<CheckResult> {
    const { thresholdCents, rearmMarginCents = 100 } = this.#options;
    const state = (await this.#deps.kv.get<AlertState>(this.#key)) ?? { phase: 'armed' };
    if (balanceCents < thresholdCents) {
      if (state.phase === 'alerted') return 'unchanged';
      await this.#save({ phase: 'posting', balanceCents, at: this.#deps.clock.now() });
      const message = await this.#messenger().post(
        this.#options.channel,
        this.#decorate(lowBalanceAlert(this.#texts(), balanceCents, thresholdCents)),
      );
      await this.#save({ phase: 'alerted', balanceCents, at: this.#deps.clock.now(), message });
      this.#deps.logger.info({ balanceCents, thresholdCents }, 'low-balance alert posted');
      return 'alerted';
    }
    if (balanceCents < thresholdCents + rearmMarginCents || state.phase === 'armed') return 'unchanged';
    await this.#save({ phase: 'armed', balanceCents, at: this.#deps.clock.now() });
    if (state.message) {
      // The old alert's button would now ask for money nobody needs: show it recovered instead.
      await this.#messenger()
        .update(state.message, this.#decorate(balanceRecovered(this.#texts(), balanceCents, thresholdCents)))
        .catch((err: unknown) => this.#deps.logger.warn({ err }, 'could not mark the low-balance alert recovered'));
    }
    return 'recovered';
  }

  #texts(): Texts {
    return this.#deps.texts?.() ?? ENGLISH_TEXTS;
  }

  #save(state: AlertState): Promise<void> {
    return this.#deps.kv.set(this.#key, state);
  }

  #messenger() {
    const m = this.#deps.messengers.get(this.#options.channel.platform);
    if (!m) throw new Error(`no messenger for platform ${this.#options.channel.platform}`);
    return m;
  }

  #decorate(reply: Reply): Reply {
    const marker = this.#texts().t('common.sandbox_marker');
    return this.#options.sandbox ? { ...reply, context: [...(reply.context ?? []), marker] } : reply;
  }
}
