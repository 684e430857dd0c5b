/**
 * The ConversationEngine: the one entry point adapters call (`handle`), the watcher's sink
 * (`onCheckoutOutcome`), and the restart/maintenance hooks (`resume`, `sweep`, `start`).
 *
 * Follow one request: commands/fund.ts (parse, policy) → flow/open-request.ts (persist, card)
 * → actions/approve.ts (transition) → flow/driver.ts (link, DM, watch) → flow/outcome.ts (paid)
 * → flow/driver.ts again (receipt, card, DM). State changes happen only in state-machine.ts.
 */
import { ACTIONS, runAction } from './actions/table.ts';
import { COMMANDS, runCommand } from './commands/table.ts';
import { advance } from './flow/driver.ts';
import { applyOutcome } from './flow/outcome.ts';
import { buildHome } from './home.ts';
import { newErrorRef, newRequestId, randomToken } from './ids.ts';
import { Outbox } from './outbox.ts';
import type { Policy } from './policy.ts';
import {
  type CheckoutOutcomeSink,
  type CheckoutWatch,
  type ConfirmOutcome,
  noMetrics,
  type Responder,
} from './ports.ts';
import type { Reply } from './reply.ts';
import { currentAttempt, type PaymentRequest } from './request.ts';
import { RequestBusyError, type RequestLockOptions, RequestLocks } from './request-lock.ts';
import type { EngineDeps, EngineServices } from './services.ts';
import { RequestLedger } from './state-machine.ts';
import type { Actor, InboundEvent } from './types.ts';

export interface EngineOptions {
  /** Lease owner id for `req:<id>` leases; default a random id per engine. */
  readonly ownerId?: string;
  readonly lock?: Partial<RequestLockOptions>;
  /** How far back `resume()` looks for finished requests that still owe a receipt or card edit. */
  readonly resumeLookbackMs?: number;
}

/** Duplicate deliveries of one platform event are ignored for this long (Slack retries for ~5 min). */
const EVENT_DEDUPE_MS = 10 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

export interface SweepResult {
  readonly approvalsExpired: number;
  readonly retried: number;
}

export class ConversationEngine implements CheckoutOutcomeSink {
  readonly #s: EngineServices;
  readonly #deps: EngineDeps;
  readonly #resumeLookbackMs: number;
  #sweepTimer: { cancel(): void } | undefined;

  constructor(deps: EngineDeps, policy: Policy, options: EngineOptions = {}) {
    this.#deps = deps;
    this.#resumeLookbackMs = options.resumeLookbackMs ?? 7 * DAY;
    const metrics = deps.metrics ?? noMetrics;
    this.#s = {
      billing: deps.billing,
      kv: deps.kv,
      once: deps.once,
      audit: deps.audit,
      requests: deps.requests,
      watcher: deps.watcher,
      clock: deps.clock,
      logger: deps.logger,
      policy,
      ledger: new RequestLedger(deps.requests, deps.audit, deps.clock, metrics),
      locks: new RequestLocks(deps.leases, options.ownerId ?? `engine-${randomToken(8)}`, options.lock),
      outbox: new Outbox(deps.messengers, policy.sandbox),
      newId: deps.newId ?? newRequestId,
    };
  }

  /** The commands and actions this engine understands (help, adapters registering commands). */
  static readonly commands = COMMANDS;
  static readonly actions = Object.keys(ACTIONS);

  /**
   * Handle one inbound event. Answers go through `responder`; cards, DMs and receipts through the
   * Messenger of the event's platform. Never throws: unexpected errors become an ephemeral
   * "Something went wrong (ref: …)" and an error log line with the same ref.
   */
  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    const respond = this.#s.outbox.responder(responder);
    const log = this.#s.logger.child({ platform: event.platform, eventId: event.eventId, kind: event.kind });
    try {
      if (!(await this.#deps.once.claim(`event:${event.platform}:${event.eventId}`, EVENT_DEDUPE_MS))) {
        log.debug('duplicate delivery ignored');
        return;
      }
      const s = { ...this.#s, logger: log };
      if (event.kind === 'command') await runCommand({ s, event, args: event.text, respond });
      else await runAction({ s, event, respond });
    } catch (err) {
      if (err instanceof RequestBusyError) {
        await respond.reply({ text: 'That request is busy right now; try again in a moment.', ephemeral: true });
        return;
      }
      const ref = newErrorRef();
      log.error({ err, ref }, 'unexpected error handling event');
      await respond
        .reply({ text: `Something went wrong (ref: ${ref}).`, ephemeral: true, tone: 'danger' })
        .catch((e: unknown) => log.error({ err: e, ref }, 'could not report the error'));
    }
  }

  /**
   * The App Home for `actor` (Slack renders it on `app_home_opened`): balance, open requests on
   * the actor's platform with their state, and the last 5 receipts, as three sections.
   */
  home(actor: Actor): Promise<Reply[]> {
    return buildHome(this.#s, actor);
  }

  /** The watcher's sink: paid, expired, not found or rejected for one checkout. */
  async onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome): Promise<void> {
    await applyOutcome(this.#s, watch, outcome);
  }

  /**
   * After a restart: finish every open request from where the store says it stopped (card,
   * link, DM, watch), and every recently finished one that still owes a receipt or an edit.
   */
  async resume(): Promise<{ readonly resumed: number }> {
    await this.#expireApprovals();
    const open = await this.#deps.requests.listOpen();
    const since = this.#deps.clock.now() - this.#resumeLookbackMs;
    const owing = (await this.#deps.requests.listSince(since)).filter(
      (r) => !open.some((o) => o.id === r.id) && owes(r),
    );
    const all = [...open, ...owing];
    for (const r of all) await this.#advanceSafely(r.id);
    this.#s.logger.info({ open: open.length, owing: owing.length }, 'resumed requests');
    return { resumed: all.length };
  }

  /**
   * Periodic maintenance: mark unanswered approvals `approval_expired`, retry links that could not
   * be created (ModelsLab was down) and DMs that never went out, expire links that lapsed unsent.
   */
  async sweep(): Promise<SweepResult> {
    const approvalsExpired = await this.#expireApprovals();
    const stuck = (await this.#deps.requests.listOpen()).filter(
      (r) => r.state === 'approved' || r.state === 'link_created',
    );
    for (const r of stuck) await this.#advanceSafely(r.id);
    return { approvalsExpired, retried: stuck.length };
  }

  /** Run `sweep()` every `intervalMs` on the engine's clock until `stop()`. */
  start(intervalMs = 60_000): void {
    this.stop();
    const tick = () => {
      this.#sweepTimer = this.#deps.clock.setTimer(() => {
        this.sweep()
          .catch((err: unknown) => this.#s.logger.error({ err }, 'sweep failed'))
          .finally(() => {
            if (this.#sweepTimer) tick();
          });
      }, intervalMs);
    };
    tick();
  }

  stop(): void {
    this.#sweepTimer?.cancel();
    this.#sweepTimer = undefined;
  }

  async #expireApprovals(): Promise<number> {
    const now = this.#deps.clock.now();
    const due = (await this.#deps.requests.listOpen()).filter(
      (r) => r.state === 'awaiting_approval' && r.approvalExpiresAt !== undefined && r.approvalExpiresAt <= now,
    );
    let expired = 0;
    for (const r of due) {
      await this.#s.locks.run(r.id, async () => {
        const fresh = await this.#s.ledger.get(r.id);
        if (fresh?.state !== 'awaiting_approval') return;
        await this.#s.ledger.transition(fresh, 'approval_expired', { detail: 'no approver answered in time' });
        expired += 1;
      });
      await this.#advanceSafely(r.id);
    }
    return expired;
  }

  async #advanceSafely(id: string): Promise<void> {
    try {
      await advance(this.#s, id);
    } catch (err) {
      this.#s.logger.error({ err, requestId: id }, 'could not advance request; will retry');
    }
  }
}

/** A finished request that still owes a side effect: receipt, card edit, DM edit. */
function owes(r: PaymentRequest): boolean {
  const attempt = currentAttempt(r);
  if (r.state === 'paid' && !r.attempts.some((a) => a.receiptPostedAt !== undefined)) return true;
  if (r.card && r.cardState !== r.state) return true;
  return !!attempt?.dm && attempt.dmState !== r.state;
}

/**
 * Breaks the construction cycle between the engine (needs the watcher) and the watcher (needs
 * the engine as its sink):
 *
 *   const relay = new CheckoutOutcomeRelay();
 *   const watcher = new CheckoutWatcherImpl({ sink: relay, … });
 *   const engine = new ConversationEngine({ watcher, … }, policy);
 *   relay.attach(engine);
 *   watcher.start();
 */
export class CheckoutOutcomeRelay implements CheckoutOutcomeSink {
  #target: CheckoutOutcomeSink | undefined;

  attach(target: CheckoutOutcomeSink): void {
    this.#target = target;
  }

  async onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome): Promise<void> {
    if (!this.#target) throw new Error('CheckoutOutcomeRelay: attach the engine before starting the watcher');
    await this.#target.onCheckoutOutcome(watch, outcome);
  }
}
