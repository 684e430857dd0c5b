/**
 * The weekly spend report in the alert channel, Mondays 09:00 UTC, exactly once per week across
 * processes and restarts:
 * - one process at a time works on it (the `report:weekly` lease, like the low-balance monitor);
 * - the week's mark in the kv store (`report-weekly:<slot>`) is written `posting` before the post
 *   and `posted` after it, and a week marked `posted` is never posted again;
 * - a process that starts after the slot (it was down at 09:00) posts the missed week, up to
 *   CATCH_UP_MS late; later than that, the week is skipped (next week's report covers it);
 * - only weeks whose Monday came after the report was first switched on (`report-weekly:armed`,
 *   kept in the store) are due: an alert channel set on a Monday at 10:00 gets its first report
 *   the next Monday, not a surprise one at once.
 * A crash between `posting` and `posted` posts again on the next check: a second copy of a report
 * is better than none, and the platforms' post journals drop most such repeats.
 * A failed post or billing read leaves the mark `posting` and is retried after RETRY_MS; so is a
 * week another process holds (it may die before posting).
 */

import type { ChartRenderer } from '../shared/chart-port.ts';
import type { Texts } from '../shared/i18n.ts';
import type {
  BillingPort,
  Clock,
  KeyValueStore,
  LeaseStore,
  Logger,
  MessengerRegistry,
  RequestStore,
  TimerHandle,
} from '../shared/ports.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { ConversationRef } from '../shared/types.ts';
import { buildReport } from './build.ts';
import { DAY_MS } from './figures.ts';
import { lastSlot, nextSlot } from './weekly-slot.ts';

export const WEEKLY_REPORT_DAYS = 7;
export const CATCH_UP_MS = DAY_MS;
export const RETRY_MS = 15 * 60 * 1000;
const LEASE_KEY = 'report:weekly';
const LEASE_TTL_MS = 5 * 60 * 1000;

export interface WeeklyReportDeps {
  readonly billing: BillingPort;
  readonly requests: RequestStore;
  readonly kv: KeyValueStore;
  readonly leases: LeaseStore;
  readonly messengers: MessengerRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly charts?: ChartRenderer | undefined;
  /** The workspace's language when the report is posted (a channel post: the workspace setting). */
  readonly texts: () => Texts;
  readonly ownerId?: string;
  /** The tenant served: a request stamped with another is not counted (core's inTenant). */
  readonly tenant?: TenantId | undefined;
}

export interface WeeklyReportOptions {
  readonly channel: ConversationRef;
  readonly sandbox?: boolean;
}

export interface WeeklyMark {
  readonly phase: 'posting' | 'posted';
  readonly at: number;
}

export type WeeklyResult = 'posted' | 'already' | 'not_due' | 'busy' | 'failed';

export const weeklyKey = (slotMs: number) => `report-weekly:${new Date(slotMs).toISOString()}`;
/** When the weekly report was first switched on for this tenant (epoch ms). */
export const WEEKLY_ARMED_KEY = 'report-weekly:armed';

export class WeeklyReportJob {
  readonly #deps: WeeklyReportDeps;
  readonly #options: WeeklyReportOptions;
  #timer: TimerHandle | undefined;
  #running: Promise<WeeklyResult> | undefined;
  #started = false;

  constructor(deps: WeeklyReportDeps, options: WeeklyReportOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /** Post a missed week now if one is due, then wake at every Monday 09:00 UTC until `stop()`. */
  start(): void {
    this.stop();
    this.#started = true;
    void this.#runAndSchedule();
  }

  stop(): void {
    this.#started = false;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** One check; overlapping calls share the one in flight. */
  checkOnce(): Promise<WeeklyResult> {
    this.#running ??= this.#check().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runAndSchedule(): Promise<void> {
    const result = await this.checkOnce();
    if (!this.#started) return;
    const now = this.#deps.clock.now();
    // Busy: another process holds the week; look again soon in case it dies before posting.
    const wait = result === 'failed' || result === 'busy' ? RETRY_MS : nextSlot(now) - now;
    this.#timer = this.#deps.clock.setTimer(() => void this.#runAndSchedule(), wait);
  }

  /** The first start's time, recorded by the first process that looks. */
  async #armedAt(now: number): Promise<number> {
    const kv = this.#deps.kv;
    const armed = await kv.get<number>(WEEKLY_ARMED_KEY);
    if (armed !== undefined) return armed;
    await kv.set(WEEKLY_ARMED_KEY, now);
    return now;
  }

  async #check(): Promise<WeeklyResult> {
    const { kv, leases, clock, logger, ownerId = 'weekly-report' } = this.#deps;
    const now = clock.now();
    const slot = lastSlot(now);
    const key = weeklyKey(slot);
    try {
      const armedAt = await this.#armedAt(now);
      if (armedAt > slot || now - slot > CATCH_UP_MS) return 'not_due';
      if ((await kv.get<WeeklyMark>(key))?.phase === 'posted') return 'already';
      if (!(await leases.acquire(LEASE_KEY, ownerId, LEASE_TTL_MS))) return 'busy';
    } catch (err) {
      logger.warn({ err }, 'weekly report: store unavailable; trying again later');
      return 'failed';
    }
    try {
      // Read again under the lease: another process may have posted between the read and the lease.
      if ((await kv.get<WeeklyMark>(key))?.phase === 'posted') return 'already';
      await kv.set<WeeklyMark>(key, { phase: 'posting', at: now });
      const t = this.#deps.texts();
      const { reply } = await buildReport(this.#deps, t, now, WEEKLY_REPORT_DAYS);
      const messenger = this.#deps.messengers.get(this.#options.channel.platform);
      if (!messenger) throw new Error(`no messenger for platform ${this.#options.channel.platform}`);
      const context = [...(reply.context ?? []), t.t('report.weekly_context')];
      await messenger.post(this.#options.channel, {
        ...reply,
        context: this.#options.sandbox ? [...context, t.t('common.sandbox_marker')] : context,
      });
      // A year is plenty for "this week was posted"; the mark must outlive the catch-up window.
      await kv.set<WeeklyMark>(key, { phase: 'posted', at: clock.now() }, 365 * DAY_MS);
      logger.info({ slot: new Date(slot).toISOString() }, 'weekly report posted');
      return 'posted';
    } catch (err) {
      logger.warn({ err }, 'weekly report could not be posted; trying again later');
      return 'failed';
    } finally {
      await leases.release(LEASE_KEY, ownerId).catch(() => undefined);
    }
  }
}
