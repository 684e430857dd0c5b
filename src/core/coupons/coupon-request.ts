/**
 * A coupon redemption that needs (or had) an approver: a small record in the KV store with its
 * own tiny state machine, audited like payment requests. It is not a PaymentRequest because no
 * money is charged: no link, no DM, no watcher, so none of that machinery applies.
 *
 *   awaiting_approval → approved → redeemed
 *                     ↘ denied      ↘ failed (ModelsLab refused: invalid, expired, used)
 *
 * `approved` is persisted before the redeem call; a crash or outage leaves it `approved`, and the
 * next click retries with the same idempotency key (`coupon-<code>-<id>`), so ModelsLab replays
 * rather than credits twice. `coupon-code:<CODE>` points at the live or redeemed request for a
 * code: one redemption per code, whoever clicks and however often.
 */
import { BotError } from '../shared/errors.ts';
import type { Cents } from '../shared/money.ts';
import type { AuditLog, Clock, KeyValueStore } from '../shared/ports.ts';
import type { ConversationRef, MessageRef, Platform, UserRef } from '../shared/types.ts';

export type CouponState = 'awaiting_approval' | 'approved' | 'redeemed' | 'denied' | 'failed';

export interface CouponRequest {
  readonly id: string;
  readonly code: string;
  readonly platform: Platform;
  readonly conversation: ConversationRef;
  readonly requester: UserRef;
  /** What validation said it gives (credit amount), for the card and the approval threshold. */
  readonly amountCents?: Cents;
  readonly description: string;
  state: CouponState;
  approver?: UserRef;
  closedBy?: UserRef;
  /** Why it failed, as recorded (English, like the audit's detail). */
  reason?: string;
  /** ModelsLab's refusal code when it refused, so every answer can say it in its own language. */
  refusedCode?: string;
  creditedCents?: Cents;
  balanceCents?: Cents;
  card?: MessageRef;
  readonly createdAt: number;
  updatedAt: number;
}

const NEXT: Readonly<Record<CouponState, readonly CouponState[]>> = {
  awaiting_approval: ['approved', 'denied'],
  approved: ['redeemed', 'failed'],
  redeemed: [],
  denied: [],
  failed: [],
};

export function couponIdempotencyKey(r: CouponRequest): string {
  return `coupon-${r.code}-${r.id}`;
}

export class CouponRequests {
  readonly #kv: KeyValueStore;
  readonly #audit: AuditLog;
  readonly #clock: Clock;

  constructor(kv: KeyValueStore, audit: AuditLog, clock: Clock) {
    this.#kv = kv;
    this.#audit = audit;
    this.#clock = clock;
  }

  get(id: string): Promise<CouponRequest | undefined> {
    return this.#kv.get<CouponRequest>(`coupon-request:${id}`);
  }

  /** The live or redeemed request for a code, if any. */
  async forCode(code: string): Promise<CouponRequest | undefined> {
    const id = await this.#kv.get<string>(`coupon-code:${code}`);
    return id ? this.get(id) : undefined;
  }

  async create(request: CouponRequest, actor: UserRef): Promise<void> {
    await this.save(request);
    await this.#kv.set(`coupon-code:${request.code}`, request.id);
    await this.#log(request, null, actor, 'requested');
  }

  async transition(request: CouponRequest, to: CouponState, actor?: UserRef, detail?: string): Promise<void> {
    const from = request.state;
    if (!NEXT[from].includes(to)) throw new BotError('conflict', `coupon request ${request.id}: ${from} -> ${to}`);
    request.state = to;
    await this.save(request);
    // A denied or failed request frees the code for a later attempt; a redeemed one keeps it.
    if (to === 'denied' || to === 'failed') await this.#kv.delete(`coupon-code:${request.code}`);
    await this.#log(request, from, actor, detail);
  }

  async save(request: CouponRequest): Promise<void> {
    request.updatedAt = this.#clock.now();
    await this.#kv.set(`coupon-request:${request.id}`, request);
  }

  async #log(request: CouponRequest, from: CouponState | null, actor?: UserRef, detail?: string): Promise<void> {
    const amount = request.creditedCents ?? request.amountCents;
    await this.#audit.append({
      at: this.#clock.now(),
      requestId: request.id,
      purpose: 'coupon',
      from,
      to: request.state,
      ...(actor ? { actor } : {}),
      ...(amount !== undefined ? { amountCents: amount } : {}),
      detail: `coupon ${request.code}${detail ? `: ${detail}` : ''}`,
    });
  }
}
