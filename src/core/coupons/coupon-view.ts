/**
 * Coupon answers: what a code gives, the approval card, and the outcome of a redemption. Every
 * answer is the bot's own sentence: ModelsLab's message is shown only when the bot does not
 * know the reason (so "does not exist" is never said twice), and times in it are made human.
 */

import type { MessageKey, Texts } from '../shared/i18n.ts';
import type { CouponCheck } from '../shared/ports.ts';
import { MENTION_APPROVERS, mentionUser, type Reply, sanitizeUserText } from '../shared/reply.ts';
import type { CouponRequest } from './coupon-request.ts';

type ValidCoupon = CouponCheck & { valid: true };

/** Coupon_redeem values: a bare code redeems; `approve:<id>` / `deny:<id>` decide a request. */
export function couponDecisionValue(decision: 'approve' | 'deny', id: string): string {
  return `${decision}:${id}`;
}

/**
 * Only a credit coupon can be redeemed through the bot. A bonus coupon is redeemed together with a
 * card charge (`purchase_amount` on ModelsLab's redeem call), and mlbot never charges a card: its
 * top-ups are Stripe Checkout links a person pays. So a bonus coupon cannot ride on `/ml-fund`.
 */
export function isRedeemable(check: ValidCoupon): boolean {
  return check.kind === 'credit';
}

export function couponGives(t: Texts, check: ValidCoupon): string {
  if (check.amountCents !== undefined && check.kind === 'credit')
    return t.t('coupons.gives_credit', { amount: t.money(check.amountCents) });
  if (check.bonusPercent !== undefined) return t.t('coupons.gives_bonus', { percent: check.bonusPercent });
  return sanitizeUserText(check.description) || check.kind;
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g;

/** ModelsLab's free text with its ISO timestamps written as people read them. */
export function humanTimes(t: Texts, text: string): string {
  return text.replace(ISO_TIME, (iso) => t.time(iso));
}

function expiredOn(t: Texts, message: string): string {
  const iso = message.match(ISO_TIME)?.[0];
  return iso ? t.t('coupons.expired_on', { date: t.date(iso) }) : '';
}

/** Why a code cannot be used, in one sentence. */
export function invalidCouponText(t: Texts, check: CouponCheck & { valid: false }): string {
  const code = check.code;
  switch (check.reason) {
    case 'invalid':
      return t.t('coupons.invalid', { code });
    case 'expired':
      return t.t('coupons.expired', { code, on: expiredOn(t, check.message) });
    case 'used':
      return t.t('coupons.used', { code });
    default: {
      // ModelsLab's own words, as it said them (only its times made human).
      const said = humanTimes(t, sanitizeUserText(check.message));
      return said ? t.t('coupons.cannot_said', { code, said }) : t.t('coupons.cannot', { code });
    }
  }
}

/** Coupons the bot cannot apply: what they are, and where they can be used instead (never "here"). */
function notApplicableText(t: Texts, check: ValidCoupon): string {
  const gives = couponGives(t, check);
  if (check.kind === 'bonus') return t.t('coupons.bonus_not_applicable', { gives });
  return t.t('coupons.kind_not_applicable', { gives, kind: sanitizeUserText(check.kind, 30) });
}

/**
 * The answer to `/ml coupon CODE`. `redeemedBefore`: the bot's own record says this code was
 * redeemed through it once, and ModelsLab now accepts it again (the sandbox's coupon reset).
 */
export function couponCheckReply(
  t: Texts,
  check: CouponCheck,
  canApproveDirectly: boolean,
  redeemedBefore?: CouponRequest,
): Reply {
  if (!check.valid) return { text: invalidCouponText(t, check), tone: 'warning', ephemeral: true };
  const title = t.t('coupons.title', { code: check.code });
  if (!isRedeemable(check)) return { title, text: notApplicableText(t, check), tone: 'info', ephemeral: true };
  const how = t.t(canApproveDirectly ? 'coupons.how_direct' : 'coupons.how_approval');
  const before = redeemedBefore ? t.t('coupons.redeemed_before', { when: t.time(redeemedBefore.updatedAt) }) : '';
  return {
    title,
    text: t.t('coupons.check_text', { gives: couponGives(t, check), before, how }),
    buttons: [
      {
        kind: 'action',
        action: 'coupon_redeem',
        value: check.code,
        label: t.t('coupons.redeem_button'),
        style: 'primary',
      },
    ],
    tone: 'success',
    ephemeral: true,
  };
}

function amountText(t: Texts, r: CouponRequest): string {
  return r.amountCents !== undefined ? t.money(r.amountCents) : t.t('coupons.amount_credit');
}

const REFUSED: Readonly<Record<string, MessageKey>> = {
  coupon_used: 'coupons.refused.coupon_used',
  coupon_expired: 'coupons.refused.coupon_expired',
  coupon_invalid: 'coupons.refused.coupon_invalid',
};

/**
 * Why a redemption failed, in `t`'s language: ModelsLab's refusal code we know in words, another
 * code as "ModelsLab refused (<code>)", and any other stored reason (an error code) as given.
 */
export function failureReason(t: Texts, r: Pick<CouponRequest, 'reason' | 'refusedCode'>): string {
  if (r.refusedCode !== undefined) {
    const key = REFUSED[r.refusedCode];
    return key ? t.t(key) : t.t('coupons.refused_code', { code: r.refusedCode });
  }
  return r.reason ?? t.t('coupons.refused_default');
}

/** "@alice asked to redeem coupon X for $10.00." — every state of the card keeps saying who asked. */
function askedLine(t: Texts, r: CouponRequest): string {
  return t.t('coupons.asked', { who: mentionUser(r.requester.id), code: r.code, amount: amountText(t, r) });
}

/** The approval card in the channel (and its later states): `t` is the workspace's language. */
export function couponCard(t: Texts, r: CouponRequest): Reply {
  const base = {
    title: t.t('coupons.card_title', { code: r.code, amount: amountText(t, r) }),
    context: [t.t('coupons.card_context', { id: r.id })],
  };
  switch (r.state) {
    case 'awaiting_approval':
      return {
        ...base,
        text: t.t('coupons.card_awaiting', {
          who: mentionUser(r.requester.id),
          code: r.code,
          amount: amountText(t, r),
          approvers: MENTION_APPROVERS,
        }),
        buttons: [
          {
            kind: 'action',
            action: 'coupon_redeem',
            value: couponDecisionValue('approve', r.id),
            label: t.t('coupons.approve_button'),
            style: 'primary',
          },
          {
            kind: 'action',
            action: 'coupon_redeem',
            value: couponDecisionValue('deny', r.id),
            label: t.t('coupons.deny_button'),
            style: 'danger',
          },
        ],
        tone: 'warning',
      };
    case 'approved':
      return {
        ...base,
        text: t.t('coupons.card_approved', { asked: askedLine(t, r), approver: mentionUser(r.approver?.id ?? '') }),
        tone: 'info',
      };
    case 'redeemed':
      return { ...base, text: redeemedText(t, r), tone: 'success' };
    case 'denied':
      return {
        ...base,
        text: t.t('coupons.card_denied', { asked: askedLine(t, r), by: mentionUser(r.closedBy?.id ?? '') }),
        tone: 'neutral',
      };
    case 'failed':
      return {
        ...base,
        text: t.t('coupons.card_failed', { asked: askedLine(t, r), reason: failureReason(t, r) }),
        tone: 'danger',
      };
  }
}

export function redeemedText(t: Texts, r: CouponRequest): string {
  const approver = r.approver && r.approver.id !== r.requester.id ? r.approver : undefined;
  const who = mentionUser(r.requester.id);
  const by = approver
    ? t.t('coupons.redeemed_by_approver', { who, approver: mentionUser(approver.id) })
    : t.t('coupons.redeemed_by', { who });
  const credited = r.creditedCents !== undefined ? t.money(r.creditedCents) : amountText(t, r);
  const balance = r.balanceCents !== undefined ? t.t('coupons.new_balance', { amount: t.money(r.balanceCents) }) : '';
  return t.t('coupons.redeemed_text', { code: r.code, by, credited, balance });
}

/** The answer to a click (or a check) on a code that already has a request. */
export function couponAlready(t: Texts, r: CouponRequest): Reply {
  const { code, id } = r;
  const text: Record<CouponRequest['state'], () => string> = {
    redeemed: () => t.t('coupons.already_redeemed', { code, id, when: t.time(r.updatedAt) }),
    awaiting_approval: () => t.t('coupons.already_awaiting', { code, id, who: mentionUser(r.requester.id) }),
    approved: () => t.t('coupons.already_approved', { code, id }),
    denied: () => t.t('coupons.already_denied', { id, by: mentionUser(r.closedBy?.id ?? '') }),
    failed: () => t.t('coupons.already_failed', { id, reason: failureReason(t, r) }),
  };
  return { text: text[r.state](), tone: 'neutral', ephemeral: true };
}
