/**
 * Redeeming a coupon: an approver's click redeems at once; anyone else's opens an approval card
 * (unless policy needs no approval for that amount). All work on one code happens under one lock,
 * and `coupon-code:<CODE>` remembers the live or redeemed request: one redemption per code, as
 * long as ModelsLab agrees it is used. A code the bot redeemed once that ModelsLab accepts again
 * (the sandbox's coupon reset, a simulator restarted without its state) is a fresh coupon to
 * ModelsLab, so it gets a fresh request (and a fresh idempotency key). A request still waiting or
 * approved always blocks a second one: its redemption may be under way.
 */

import { userRef } from '../requests/queries.ts';
import { callBilling } from '../shared/billing-call.ts';
import { rateLimitSentence } from '../shared/budget-wait.ts';
import { ENGLISH_TEXTS } from '../shared/english-texts.ts';
import {
  BillingHttpError,
  BillingRateLimitedError,
  BillingSchemaError,
  isBillingOutage,
  isBotError,
} from '../shared/errors.ts';
import type { Texts } from '../shared/i18n.ts';
import { randomToken } from '../shared/ids.ts';
import { info, refusal } from '../shared/notices.ts';
import { needsApproval } from '../shared/policy.ts';
import type { CouponCheck, Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import type { ActionEvent } from '../shared/types.ts';
import { type CouponRequest, CouponRequests, couponIdempotencyKey } from './coupon-request.ts';
import {
  couponAlready,
  couponCard,
  couponCheckReply,
  failureReason,
  isRedeemable,
  redeemedText,
} from './coupon-view.ts';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;

export function normaliseCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  return CODE.test(code) ? code : undefined;
}

export function couponRequests(s: EngineServices): CouponRequests {
  return new CouponRequests(s.kv, s.audit, s.clock);
}

const lockKey = (code: string) => `coupon-${code}`;

/** The Redeem button (value = code). `t`: the clicker's language (cards use the workspace's). */
export async function requestRedemption(
  s: EngineServices,
  t: Texts,
  event: ActionEvent,
  respond: Responder,
  code: string,
): Promise<void> {
  const store = couponRequests(s);
  await s.locks.run(lockKey(code), async () => {
    const existing = await store.forCode(code);
    if (existing?.state === 'approved' && event.actor.isApprover) return redeem(s, t, store, existing, respond);
    if (existing?.state === 'awaiting_approval' && event.actor.isApprover) {
      return approveAndRedeem(s, t, store, existing, event, respond);
    }
    if (existing && existing.state !== 'redeemed') return respond.reply(couponAlready(t, existing));

    const check = await callBilling(s, respond, 'check the coupon', () => s.billing.validateCoupon(code));
    if (!check) return;
    // Redeemed through the bot and ModelsLab agrees it is used: say when, instead of "already used".
    if (existing && !check.valid) return respond.reply(couponAlready(t, existing));
    if (!check.valid || !isRedeemable(check)) {
      return respond.reply(couponCheckReply(t, check, redeemsDirectly(s, event.actor.isApprover, check)));
    }
    const now = s.clock.now();
    const direct = redeemsDirectly(s, event.actor.isApprover, check);
    const request: CouponRequest = {
      id: `c${randomToken(9)}`,
      code,
      platform: event.platform,
      conversation: event.conversation,
      requester: userRef(event.actor),
      ...(check.amountCents !== undefined ? { amountCents: check.amountCents } : {}),
      description: check.description,
      state: direct ? 'approved' : 'awaiting_approval',
      ...(event.actor.isApprover ? { approver: userRef(event.actor) } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await store.create(request, userRef(event.actor));
    if (direct) return redeem(s, t, store, request, respond);
    request.card = await s.outbox
      .messenger(request.platform)
      .post(request.conversation, couponCard(s.texts(s.locale()), request));
    await store.save(request);
    await respond.reply(info(t.t('coupons.waiting', { code, id: request.id })));
  });
}

/** An approver's click redeems at once; so does anyone's when policy needs no approval for the amount. */
export function redeemsDirectly(s: EngineServices, isApprover: boolean, check: CouponCheck): boolean {
  return isApprover || (check.valid && !needsApproval(check.amountCents ?? 0, s.policy));
}

/** Approve or Deny on the coupon card (value `approve:<id>` / `deny:<id>`). */
export async function decideRedemption(
  s: EngineServices,
  t: Texts,
  event: ActionEvent,
  respond: Responder,
  decision: 'approve' | 'deny',
  id: string,
): Promise<void> {
  const store = couponRequests(s);
  const found = /^c[a-z0-9]{1,20}$/.test(id) ? await store.get(id) : undefined;
  if (!found) return respond.reply(refusal(t.t('coupons.not_found', { id: id.slice(0, 30) })));
  if (!event.actor.isApprover) return respond.reply(refusal(t.t('coupons.only_approvers')));
  await s.locks.run(lockKey(found.code), async () => {
    const request = (await store.get(id)) ?? found;
    if (request.state === 'approved' && decision === 'approve') return redeem(s, t, store, request, respond);
    if (request.state !== 'awaiting_approval') return respond.reply(couponAlready(t, request));
    if (decision === 'approve') return approveAndRedeem(s, t, store, request, event, respond);
    request.closedBy = userRef(event.actor);
    await store.transition(request, 'denied', request.closedBy);
    await syncCard(s, store, request);
    await respond.reply(info(t.t('coupons.denied', { code: request.code })));
  });
}

async function approveAndRedeem(
  s: EngineServices,
  t: Texts,
  store: CouponRequests,
  request: CouponRequest,
  event: ActionEvent,
  respond: Responder,
): Promise<void> {
  request.approver = userRef(event.actor);
  await store.transition(request, 'approved', request.approver);
  await redeem(s, t, store, request, respond);
}

/** Down, busy, or an answer we could not read (the credit may have happened): retry with the same key. */
function isTemporary(err: unknown): boolean {
  return isBillingOutage(err) || err instanceof BillingSchemaError;
}

/** `approved` → redeemed or failed; a temporary failure keeps it `approved` for a retry click. */
async function redeem(s: EngineServices, t: Texts, store: CouponRequests, request: CouponRequest, respond: Responder) {
  try {
    const result = await s.billing.redeemCoupon(request.code, couponIdempotencyKey(request));
    request.creditedCents = result.creditedCents;
    if (result.balanceCents !== undefined) request.balanceCents = result.balanceCents;
    await store.transition(request, 'redeemed', request.approver, 'credited');
  } catch (err) {
    if (!isBotError(err)) throw err;
    if (err instanceof BillingRateLimitedError) {
      s.logger.info({ coupon: request.id, waitMs: err.retryAfterMs, code: err.code }, 'coupon redemption rate limited');
      await respond.reply({
        text: t.t('coupons.rate_limited', { wait: rateLimitSentence(t, err) ?? '', code: request.code }),
        tone: 'warning',
        ephemeral: true,
      });
      return;
    }
    if (isTemporary(err)) {
      s.logger.warn({ err, coupon: request.id }, 'coupon redemption not done yet');
      await respond.reply({
        text: t.t('coupons.not_confirmed', { code: request.code }),
        tone: 'warning',
        ephemeral: true,
      });
      return;
    }
    if (err instanceof BillingHttpError) request.refusedCode = err.apiCode;
    // The recorded reason (the audit's detail) stays English; answers say it in their language.
    request.reason = err instanceof BillingHttpError ? failureReason(ENGLISH_TEXTS, request) : err.code;
    await store.transition(request, 'failed', undefined, request.reason);
    await syncCard(s, store, request);
    await respond.reply(
      refusal(t.t('coupons.not_redeemed', { code: request.code, reason: failureReason(t, request) })),
    );
    return;
  }
  await syncCard(s, store, request);
  await respond.reply(info(t.t('coupons.redeemed_reply', { code: request.code })));
}

/** The card shows the outcome; a direct redemption (no card) is announced in the channel once. */
async function syncCard(s: EngineServices, store: CouponRequests, request: CouponRequest): Promise<void> {
  const messenger = s.outbox.messenger(request.platform);
  const posted = s.texts(s.locale()); // the card and the announcement are channel posts
  try {
    if (request.card) await messenger.update(request.card, couponCard(posted, request));
    else if (request.state === 'redeemed') {
      request.card = await messenger.post(request.conversation, {
        text: redeemedText(posted, request),
        tone: 'success',
      });
      await store.save(request);
    }
  } catch (err) {
    s.logger.warn({ err, coupon: request.id }, 'coupon card update failed');
  }
}
