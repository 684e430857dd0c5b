/**
 * The request state machine: the only place a request changes state. A transition is checked
 * against the table, written to the store, appended to the audit log and counted, in that
 * order, before any side effect it leads to (the flow driver does those afterwards).
 */
import { BotError } from '../shared/errors.ts';
import type { AuditLog, Clock, Metrics, RequestStore } from '../shared/ports.ts';
import type { UserRef } from '../shared/types.ts';
import type { AuditEntry, PaymentRequest, RequestState } from './request.ts';

/*
 * `paid` is reachable from every state that can follow a link (expired, cancelled, failed, and
 * `approved` while a New link is being created): when ModelsLab says the money arrived on any of
 * the request's sessions, recording it beats hiding a real payment behind a stale state.
 * A charge of the card on file (card-charge-step.ts) moves awaiting_payment or expired to `paid`
 * by the same edges, and so does a pending charge that settles after a cancel or a failure.
 */
const NEXT: Readonly<Record<RequestState, readonly RequestState[]>> = {
  awaiting_approval: ['approved', 'denied', 'approval_expired', 'cancelled'],
  approved: ['link_created', 'cancelled', 'failed', 'paid'],
  link_created: ['awaiting_payment', 'expired', 'cancelled', 'failed', 'paid'],
  awaiting_payment: ['paid', 'expired', 'cancelled', 'failed'],
  expired: ['approved', 'cancelled', 'paid'],
  cancelled: ['paid'],
  /*
   * failed -> approved is "Try again": a new attempt (a new idempotency key, so nothing of the
   * failed attempt is replayed or doubled) under the same approval. It is money-safe because the
   * failed attempt's session, if it has one, is still watched by the session watcher and a late
   * payment of it is recorded (-> paid), and because Try again first asks ModelsLab whether that
   * session was paid meanwhile (fund/try-again.ts) before a second link can exist.
   */
  failed: ['paid', 'approved'],
  paid: [],
  denied: [],
  approval_expired: [],
};

export function canTransition(from: RequestState, to: RequestState): boolean {
  return NEXT[from].includes(to);
}

export class InvalidTransitionError extends BotError {
  constructor(id: string, from: RequestState, to: RequestState) {
    super('conflict', `request ${id}: ${from} -> ${to} is not a valid transition`);
  }
}

export interface TransitionNote {
  readonly actor?: UserRef | undefined;
  readonly detail?: string | undefined;
  /** The session the line is about, when it is not the current attempt's (an older link paid). */
  readonly sessionId?: string | undefined;
}

/** Reads and writes requests; every write bumps `version`, every state change is audited. */
export class RequestLedger {
  readonly #requests: RequestStore;
  readonly #audit: AuditLog;
  readonly #clock: Clock;
  readonly #metrics: Metrics;

  constructor(requests: RequestStore, audit: AuditLog, clock: Clock, metrics: Metrics) {
    this.#requests = requests;
    this.#audit = audit;
    this.#clock = clock;
    this.#metrics = metrics;
  }

  get(id: string): Promise<PaymentRequest | undefined> {
    return this.#requests.get(id);
  }

  /** Persist a new request (its initial state counts as a transition from nothing). */
  async create(request: PaymentRequest, note: TransitionNote = {}): Promise<void> {
    await this.#requests.put(request);
    await this.#logTransition(request, null, note);
  }

  /** Change state and persist, before any side effect of the new state happens. */
  async transition(request: PaymentRequest, to: RequestState, note: TransitionNote = {}): Promise<void> {
    const from = request.state;
    if (!canTransition(from, to)) throw new InvalidTransitionError(request.id, from, to);
    request.state = to;
    await this.save(request);
    await this.#logTransition(request, from, note);
  }

  /** Persist side-effect records (link, DM, card, receipt) without changing state. */
  async save(request: PaymentRequest): Promise<void> {
    request.updatedAt = this.#clock.now();
    request.version += 1;
    await this.#requests.put(request);
  }

  /**
   * Persist, and write an audit line without a state change (`from` = `to`): a second payment on
   * a paid request, a session that ended after its request closed.
   */
  async saveNoted(request: PaymentRequest, note: TransitionNote): Promise<void> {
    await this.save(request);
    await this.#audit.append(this.#entry(request, request.state, note));
  }

  async #logTransition(request: PaymentRequest, from: RequestState | null, note: TransitionNote): Promise<void> {
    await this.#audit.append(this.#entry(request, from, note));
    this.#metrics.requestTransition(request.purpose, request.state);
  }

  #entry(request: PaymentRequest, from: RequestState | null, note: TransitionNote): AuditEntry {
    const attempt = request.attempts[request.attempts.length - 1];
    const sessionId = note.sessionId ?? attempt?.sessionId;
    // Never the payment URL: the audit log is exported and read by people who are not the payer.
    return {
      at: this.#clock.now(),
      requestId: request.id,
      purpose: request.purpose,
      from,
      to: request.state,
      ...(note.actor ? { actor: note.actor } : {}),
      ...(request.amountCents !== undefined ? { amountCents: request.amountCents } : {}),
      ...(request.planId !== undefined ? { planId: request.planId } : {}),
      ...(sessionId ? { sessionId } : {}),
      ...(note.detail ? { detail: note.detail } : {}),
    };
  }
}
