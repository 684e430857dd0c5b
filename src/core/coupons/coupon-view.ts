/**
 * Coupon answers: what a code gives, the approval card, and the outcome of a redemption. Every
 * answer is the bot's own sentence: ModelsLab's message is shown only when the bot does not
 * know the reason (so "does not exist" is never said twice), and times in it are made human.
 */

import { formatDate, formatTime } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
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

export function couponGives(check: ValidCoupon): string {
  if (check.amountCents !== undefined && check.kind === 'credit') return `${formatUsd(check.amountCents)} of credit`;
  if (check.bonusPercent !== undefined) return `a ${check.bonusPercent}% bonus on a wallet top-up`;
  return sanitizeUserText(check.description) || check.kind;
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g;

/** ModelsLab's free text with its ISO timestamps written as people read them. */
export function humanTimes(text: string): string {
  return text.replace(ISO_TIME, (iso) => formatTime(iso));
}

function expiredOn(message: string): string {
  const iso = message.match(ISO_TIME)?.[0];
  return iso ? ` on ${formatDate(iso)}` : '';
}

/** Why a code cannot be used, in one sentence. */
export function invalidCouponText(check: CouponCheck & { valid: false }): string {
  switch (check.reason) {
    case 'invalid':
      return `Coupon ${check.code} does not exist. Check the spelling.`;
    case 'expired':
      return `Coupon ${check.code} has expired${expiredOn(check.message)}.`;
    case 'used':
      return `Coupon ${check.code} has already been used.`;
    default: {
      const said = humanTimes(sanitizeUserText(check.message));
      return said ? `Coupon ${check.code} cannot be used: ${said}` : `Coupon ${check.code} cannot be used.`;
    }
  }
}

/** Coupons the bot cannot apply: what they are, and where they can be used instead (never "here"). */
function notApplicableText(check: ValidCoupon): string {
  if (check.kind === 'bonus') {
    return `Gives ${couponGives(check)}. mlbot cannot apply it: a bonus coupon is redeemed together with a card payment on ModelsLab itself, and mlbot only pays through Stripe Checkout links. Whoever manages the ModelsLab account can use it there.`;
  }
  return `Gives ${couponGives(check)}. mlbot can redeem only credit coupons, and this is a "${sanitizeUserText(check.kind, 30)}" coupon. Whoever manages the ModelsLab account can use it there.`;
}

/**
 * The answer to `/ml coupon CODE`. `redeemedBefore`: the bot's own record says this code was
 * redeemed through it once, and ModelsLab now accepts it again (the sandbox's coupon reset).
 */
export function couponCheckReply(
  check: CouponCheck,
  canApproveDirectly: boolean,
  redeemedBefore?: CouponRequest,
): Reply {
  if (!check.valid) return { text: invalidCouponText(check), tone: 'warning', ephemeral: true };
  if (!isRedeemable(check)) {
    return { title: `Coupon ${check.code}`, text: notApplicableText(check), tone: 'info', ephemeral: true };
  }
  const how = canApproveDirectly ? 'Redeem credits the team wallet now.' : 'Redeem asks an approver first.';
  const before = redeemedBefore
    ? ` It was redeemed through mlbot on ${formatTime(redeemedBefore.updatedAt)}, and ModelsLab accepts it again.`
    : '';
  return {
    title: `Coupon ${check.code}`,
    text: `Gives ${couponGives(check)}.${before} ${how}`,
    buttons: [{ kind: 'action', action: 'coupon_redeem', value: check.code, label: 'Redeem', style: 'primary' }],
    tone: 'success',
    ephemeral: true,
  };
}

function amountText(r: CouponRequest): string {
  return r.amountCents !== undefined ? formatUsd(r.amountCents) : 'credit';
}

/** "@alice asked to redeem coupon X for $10.00." — every state of the card keeps saying who asked. */
function askedLine(r: CouponRequest): string {
  return `${mentionUser(r.requester.id)} asked to redeem coupon ${r.code} for ${amountText(r)}.`;
}

/** The approval card in the channel (and its later states). */
export function couponCard(r: CouponRequest): Reply {
  const base = { title: `Coupon ${r.code} · ${amountText(r)}`, context: [`Coupon request ${r.id}`] };
  switch (r.state) {
    case 'awaiting_approval':
      return {
        ...base,
        text: `${mentionUser(r.requester.id)} asks to redeem coupon ${r.code} for ${amountText(r)}. ${MENTION_APPROVERS}: please approve or deny.`,
        buttons: [
          {
            kind: 'action',
            action: 'coupon_redeem',
            value: couponDecisionValue('approve', r.id),
            label: 'Approve',
            style: 'primary',
          },
          {
            kind: 'action',
            action: 'coupon_redeem',
            value: couponDecisionValue('deny', r.id),
            label: 'Deny',
            style: 'danger',
          },
        ],
        tone: 'warning',
      };
    case 'approved':
      return {
        ...base,
        text: `${askedLine(r)} Approved by ${mentionUser(r.approver?.id ?? '')}; redeeming…`,
        tone: 'info',
      };
    case 'redeemed':
      return { ...base, text: redeemedText(r), tone: 'success' };
    case 'denied':
      return { ...base, text: `${askedLine(r)} Denied by ${mentionUser(r.closedBy?.id ?? '')}.`, tone: 'neutral' };
    case 'failed':
      return { ...base, text: `${askedLine(r)} Not redeemed: ${r.reason ?? 'ModelsLab refused it'}.`, tone: 'danger' };
  }
}

export function redeemedText(r: CouponRequest): string {
  const approver = r.approver && r.approver.id !== r.requester.id ? r.approver : undefined;
  const by = approver
    ? `asked for by ${mentionUser(r.requester.id)}, approved and redeemed by ${mentionUser(approver.id)}`
    : `redeemed by ${mentionUser(r.requester.id)}`;
  const credited = r.creditedCents !== undefined ? formatUsd(r.creditedCents) : amountText(r);
  const balance = r.balanceCents !== undefined ? ` New balance: ${formatUsd(r.balanceCents)}.` : '';
  return `Coupon ${r.code} ${by}: ${credited} added to the ModelsLab wallet.${balance}`;
}

/** The answer to a click (or a check) on a code that already has a request. */
export function couponAlready(r: CouponRequest): Reply {
  const text: Record<CouponRequest['state'], string> = {
    redeemed: `Coupon ${r.code} was already redeemed (${formatTime(r.updatedAt)}, coupon request ${r.id}). Nothing changed.`,
    awaiting_approval: `Coupon ${r.code} is already waiting for an approver (coupon request ${r.id}, asked by ${mentionUser(r.requester.id)}).`,
    approved: `Coupon ${r.code} is approved and being redeemed (coupon request ${r.id}).`,
    denied: `Coupon request ${r.id} was already denied by ${mentionUser(r.closedBy?.id ?? '')}. Nothing changed.`,
    failed: `Coupon request ${r.id} already failed: ${r.reason ?? 'ModelsLab refused it'}. Nothing changed.`,
  };
  return { text: text[r.state], tone: 'neutral', ephemeral: true };
}
