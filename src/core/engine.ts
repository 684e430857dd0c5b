/**
 * The ConversationEngine: the inbound port every adapter hands its acked events to (`receive`,
 * `idle`; inbound.ts), the watcher's sink (`onCheckoutOutcome`), and the restart/maintenance
 * hooks (`resume`, `sweep`, `start`). `handle` is one event awaited to the end (what `receive`
 * runs after the ack, and what core tests call).
 *
 * Follow one PaymentRequest: fund/fund.ts (parse, policy) → requests/open-request.ts (persist,
 * card) → fund/approve.ts (transition) → requests/driver.ts (link, DM, watch) →
 * requests/outcome.ts (paid, on any of its sessions) → requests/driver.ts again (receipt, card,
 * DM). State changes happen only in requests/state-machine.ts. The folders of core are rooms, one
 * per operation, over shared/ and requests/; docs/architecture.md draws the whole house.
 */

import {
  type AddCardInput,
  type AddCardNotice,
  type AddCardView,
  completeAddCard,
  openAddCardPage,
} from './cards/index.ts';
import { buildHome } from './home/home.ts';
import { ACTIONS, runAction } from './registry/actions.ts';
import { COMMANDS, runCommand } from './registry/commands.ts';
import { checkEngineForm, runForm } from './registry/forms.ts';
import { chargeWorkOwed } from './requests/card-charge-step.ts';
import { advance } from './requests/driver.ts';
import { applyOutcome } from './requests/outcome.ts';
import { openPayLink } from './requests/pay-link.ts';
import type { PayPage } from './requests/pay-page-state.ts';
import { followUpApproval, needsFollowUp } from './requests/reminders.ts';
import { confirmedAttempts, currentAttempt, type PaymentRequest } from './requests/request.ts';
import { RequestBusyError, type RequestLockOptions, RequestLocks } from './requests/request-lock.ts';
import { reindexLiveSessions } from './requests/session-reindex.ts';
import { RequestLedger } from './requests/state-machine.ts';
import type { FieldErrors } from './shared/forms.ts';
import { DEFAULT_LOCALE, localeOf, textsFor } from './shared/i18n.ts';
import { newRequestId, randomToken } from './shared/ids.ts';
import { answerFailure, type InboundPort, type PendingEvent, TrackedInbound } from './shared/inbound.ts';
import { lazyChild } from './shared/lazy-logger.ts';
import { Outbox } from './shared/outbox.ts';
import type { Policy } from './shared/policy.ts';
import {
  type CheckoutOutcomeSink,
  type CheckoutWatch,
  type ConfirmOutcome,
  noMetrics,
  type Responder,
} from './shared/ports.ts';
import type { Reply } from './shared/reply.ts';
import type { EngineDeps, EngineServices } from './shared/services.ts';
import type { Actor, FormEvent, InboundEvent } from './shared/types.ts';

export interface EngineOptions {
  /** Lease owner id for `req:<id>` leases; default a random id per engine. */
  readonly ownerId?: string;
  readonly lock?: Partial<RequestLockOptions>;
  /** How far back `resume()` and `sweep()` look for finished requests that still owe a receipt or an edit. */
  readonly resumeLookbackMs?: number;
}

/** Duplicate deliveries of one platform event are ignored for this long (Slack retries for ~5 min). */
const EVENT_DEDUPE_MS = 10 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

export interface SweepResult {
  readonly approvalsExpired: number;
  /** Requests advanced (most have nothing left to do and cost one store read). */
  readonly retried: number;
  /** Requests skipped because another process (or a dead one's unexpired lease) holds them. */
  readonly busy: number;
}

export class ConversationEngine implements CheckoutOutcomeSink, InboundPort {
  readonly #s: EngineServices;
  readonly #deps: EngineDeps;
  readonly #inbound: TrackedInbound;
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
      outbox: new Outbox(deps.messengers, policy.sandbox, () =>
        textsFor(deps.messages, (deps.locale ?? (() => DEFAULT_LOCALE))()),
      ),
      newId: deps.newId ?? newRequestId,
      ...(deps.payLinkBase ? { payLinkBase: deps.payLinkBase } : {}),
      ...(deps.charts ? { charts: deps.charts } : {}),
      ...(deps.tenant ? { tenant: deps.tenant } : {}),
      messages: deps.messages,
      locale: deps.locale ?? (() => DEFAULT_LOCALE),
      texts: (locale) => textsFor(deps.messages, locale),
    };
    this.#inbound = new TrackedInbound(this, deps.logger, { messages: deps.messages, locale: this.#s.locale });
  }

  /** The commands and actions this engine understands (help, adapters registering commands). */
  static readonly commands = COMMANDS;
  static readonly actions = Object.keys(ACTIONS);

  /**
   * The inbound port: take one event the adapter has acked and return at once; the work is
   * tracked until it is done (`idle`), and any failure gets the one answer (inbound.ts).
   */
  receive(event: InboundEvent | PendingEvent, responder: Responder): void {
    this.#inbound.receive(event, responder);
  }

  /** Work after an ack that answers no event (Slack's Home tab), tracked like an event. */
  track(label: string, work: () => Promise<void>): void {
    this.#inbound.track(label, work);
  }

  /** Resolves once every event received so far is handled: shutdown awaits it before the watcher stops. */
  idle(): Promise<void> {
    return this.#inbound.idle();
  }

  /**
   * Handle one inbound event to the end. Answers go through `responder`; cards, DMs and receipts
   * through the Messenger of the event's platform. Never throws: unexpected errors become the one
   * ephemeral "Something went wrong (ref: …)" and an error log line with the same ref.
   */
  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    // Private answers speak the actor's language; without one, the workspace's.
    const t = this.#s.texts(localeOf(event.actor.locale) ?? this.#s.locale());
    const respond = this.#s.outbox.responder(responder, t);
    const log = lazyChild(this.#s.logger, { platform: event.platform, eventId: event.eventId, kind: event.kind });
    try {
      if (!(await this.#deps.once.claim(`event:${event.platform}:${event.eventId}`, EVENT_DEDUPE_MS))) {
        log.debug('duplicate delivery ignored');
        return;
      }
      const s = { ...this.#s, logger: log };
      if (event.kind === 'command') await runCommand({ s, event, args: event.text, respond, t });
      else if (event.kind === 'action') await runAction({ s, event, respond, t });
      // The engine's forms (fund, deny, coupon, top-up); connect and settings are the workspace
      // desk's (core/workspace), and the router never hands one of those here.
      else if (!(await runForm({ s, event, respond, t })))
        log.warn({ form: event.form }, 'form submission reached an engine; ignored');
    } catch (err) {
      if (err instanceof RequestBusyError) {
        await respond.reply({ text: t.t('engine.busy'), ephemeral: true });
        return;
      }
      await answerFailure(log, respond, err, 'unexpected error handling event', t);
    }
  }

  /** Inline errors for one of the engine's forms, before the adapter acks it; undefined: valid. */
  checkForm(event: FormEvent): Promise<FieldErrors | undefined> {
    const t = this.#s.texts(localeOf(event.actor.locale) ?? this.#s.locale());
    return checkEngineForm({ s: this.#s, event, t });
  }

  /**
   * The App Home for `actor` (Slack renders it on `app_home_opened`): balance, open requests on
   * the actor's platform with their state, and the last 5 receipts, as three sections.
   */
  home(actor: Actor): Promise<Reply[]> {
    return buildHome(this.#s, actor);
  }

  /**
   * The payer opened a tracked pay link (`/pay/<token>`): what to show, after recording the open.
   * Undefined for a token that is not one of ours.
   */
  openPayLink(token: string): Promise<PayPage | undefined> {
    return openPayLink(this.#s, token);
  }

  /**
   * The watcher's sink: paid, expired, not found or rejected for one checkout session, of an open
   * request or a closed one (a late payment). `sessionEnded`: the watcher stops watching it.
   */
  async onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome, sessionEnded = true): Promise<void> {
    await applyOutcome(this.#s, watch, outcome, sessionEnded);
  }

  /**
   * After a restart: finish every open request from where the store says it stopped (card,
   * link, DM, watch), and every recently finished one that still owes a receipt or an edit.
   * Never waits for a busy request (a lease held by another process, or by a dead one under
   * another owner id): it is skipped at once and the sweep picks it up when the lease lapses,
   * so start-up does not stall on a predecessor's leases.
   */
  async resume(): Promise<{ readonly resumed: number; readonly busy: number }> {
    await reindexLiveSessions(this.#deps.requests, this.#deps.kv, this.#deps.clock, this.#s.logger);
    await this.#expireApprovals();
    const { open, owing } = await this.#unfinished();
    let busy = 0;
    for (const r of [...open, ...owing]) if (!(await this.#advanceSafely(r.id))) busy += 1;
    this.#s.logger.info({ open: open.length, owing: owing.length, busy }, 'resumed requests');
    return { resumed: open.length + owing.length - busy, busy };
  }

  /**
   * Periodic maintenance: mark unanswered approvals `approval_expired`, and advance every open
   * request (links ModelsLab could not create yet, DMs that never went out, links that lapsed
   * unsent) and every recently finished one that still owes a side effect (a receipt whose post
   * failed, a card or DM edit). Busy requests are skipped, not waited for: the next sweep tries
   * again, so a lease left by a dead process is honoured until it lapses and no longer.
   */
  async sweep(): Promise<SweepResult> {
    const approvalsExpired = await this.#expireApprovals();
    await this.#followUpApprovals();
    const { open, owing } = await this.#unfinished();
    let busy = 0;
    for (const r of [...open, ...owing]) if (!(await this.#advanceSafely(r.id))) busy += 1;
    return { approvalsExpired, retried: open.length + owing.length - busy, busy };
  }

  /** Open requests, and finished ones within the lookback that still owe a side effect. */
  async #unfinished(): Promise<{ open: PaymentRequest[]; owing: PaymentRequest[] }> {
    const open = await this.#deps.requests.listOpen();
    const openIds = new Set(open.map((r) => r.id));
    const since = this.#deps.clock.now() - this.#resumeLookbackMs;
    const owing = (await this.#deps.requests.listSince(since)).filter((r) => !openIds.has(r.id) && owes(r));
    return { open, owing };
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
      try {
        await this.#s.locks.run(
          r.id,
          async () => {
            const fresh = await this.#s.ledger.get(r.id);
            if (fresh?.state !== 'awaiting_approval') return;
            await this.#s.ledger.transition(fresh, 'approval_expired', { detail: 'no approver answered in time' });
            expired += 1;
          },
          { wait: false },
        );
      } catch (err) {
        if (!(err instanceof RequestBusyError)) throw err;
        continue; // someone is working on it; the next sweep looks again
      }
      await this.#advanceSafely(r.id);
    }
    return expired;
  }

  /**
   * Reminders, escalations and expired-unanswered DMs (requests/reminders.ts), each decided and
   * posted once; a busy request is left for the next sweep.
   */
  async #followUpApprovals(): Promise<void> {
    const since = this.#deps.clock.now() - this.#resumeLookbackMs;
    const open = await this.#deps.requests.listOpen();
    const expired = (await this.#deps.requests.listSince(since)).filter((r) => r.state === 'approval_expired');
    for (const r of [...open, ...expired].filter((x) => needsFollowUp(x, this.#s))) {
      try {
        await this.#s.locks.run(
          r.id,
          async () => {
            const fresh = await this.#s.ledger.get(r.id);
            if (fresh) await followUpApproval(this.#s, fresh);
          },
          { wait: false },
        );
      } catch (err) {
        if (err instanceof RequestBusyError) continue;
        this.#s.logger.error({ err, requestId: r.id }, 'approval follow-up failed; the next sweep retries');
      }
    }
  }

  /** Advance one request without waiting for its lock. False when it was busy (skipped). */
  async #advanceSafely(id: string): Promise<boolean> {
    try {
      await advance(this.#s, id, undefined, { wait: false });
    } catch (err) {
      if (err instanceof RequestBusyError) {
        this.#s.logger.info({ requestId: id }, 'request busy; the next sweep retries it');
        return false;
      }
      this.#s.logger.error({ err, requestId: id }, 'could not advance request; will retry');
    }
    return true;
  }

  /**
   * The approver opened an add-card link (`/cards/add/<token>`): the form with a fresh Setup
   * Intent, or why not (expired, used, busy). core/cards/add-card-flow.ts decides.
   */
  addCardPage(token: string): Promise<AddCardView> {
    return openAddCardPage(this.#s, token);
  }

  /** The add-card page's save: attach the card the browser set up with Stripe (one use per link). */
  completeAddCard(token: string, input: AddCardInput): Promise<AddCardNotice> {
    return completeAddCard(this.#s, token, input);
  }
}

/**
 * A finished request that still owes a side effect: a receipt for any paid session (a late or
 * second payment included), a late-payment notice, a card edit, a DM edit (older links' too).
 */
export function owes(r: PaymentRequest): boolean {
  const attempt = currentAttempt(r);
  if (r.attempts.some((a) => a.confirmedAt !== undefined && a.receiptPostedAt === undefined)) return true;
  if (r.attempts.some((a) => a.paidAfter !== undefined && a.lateNoticeSentAt === undefined)) return true;
  const payments = confirmedAttempts(r).length;
  if (r.card && (r.cardState !== r.state || (r.cardPayments ?? Math.min(payments, 1)) < payments)) return true;
  const olderDmStale = r.attempts.some(
    (a) =>
      a !== attempt &&
      ((a.dm !== undefined && a.dmState !== (a.confirmedAt !== undefined ? 'paid' : 'superseded')) ||
        (a.expiryNotice !== undefined && a.expiryNoticeState !== 'superseded')),
  );
  if (olderDmStale || (!!attempt?.dm && attempt.dmState !== r.state)) return true;
  // A card-on-file charge to replay or follow, its receipt, or the card's line about it.
  return chargeWorkOwed(r);
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

  async onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome, sessionEnded?: boolean): Promise<void> {
    if (!this.#target) throw new Error('CheckoutOutcomeRelay: attach the engine before starting the watcher');
    await this.#target.onCheckoutOutcome(watch, outcome, sessionEnded);
  }
}
