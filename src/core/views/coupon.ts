/** Coupon answers: what a code gives, the approval card, and the outcome of a redemption. */
import type { CouponRequest } from '../coupon-request.ts';
import { formatUsd } from '../money.ts';
import type { CouponCheck } from '../ports.ts';
import { MENTION_APPROVERS, mentionUser, type Reply, sanitizeUserText } from '../reply.ts';
import { formatTime } from './format.ts';

/** Coupon_redeem values: a bare code redeems; `approve:<id>` / `deny:<id>` decide a request. */
export function couponDecisionValue(decision: 'approve' | 'deny', id: string): string {
  return `${decision}:${id}`;
}

/** A credit coupon can be redeemed on its own; a bonus applies to a top-up at checkout. */
export function isRedeemable(check: CouponCheck & { valid: true }): boolean {
  return check.kind === 'credit';
}

export function couponGives(check: CouponCheck & { valid: true }): string {
  if (check.amountCents !== undefined && check.kind === 'credit') return `${formatUsd(check.amountCents)} of credit`;
  if (check.bonusPercent !== undefined) return `a ${check.bonusPercent}% bonus on a wallet top-up`;
  return sanitizeUserText(check.description) || check.kind;
}

const WHY: Record<string, string> = {
  invalid: 'does not exist',
  expired: 'has expired',
  used: 'has already been used',
};

export function couponCheckReply(check: CouponCheck, canApproveDirectly: boolean): Reply {
  if (!check.valid) {
    const why = WHY[check.reason] ?? 'cannot be used';
    return {
      text: `Coupon ${check.code} ${why}. ${sanitizeUserText(check.message)}`.trim(),
      tone: 'warning',
      ephemeral: true,
    };
  }
  if (!isRedeemable(check)) {
    return {
      title: `Coupon ${check.code}`,
      text: `Gives ${couponGives(check)}. It applies to a wallet top-up, so it cannot be redeemed on its own here.`,
      tone: 'info',
      ephemeral: true,
    };
  }
  const how = canApproveDirectly ? 'Redeem credits the team wallet now.' : 'Redeem asks an approver first.';
  return {
    title: `Coupon ${check.code}`,
    text: `Gives ${couponGives(check)}. ${how}`,
    buttons: [{ kind: 'action', action: 'coupon_redeem', value: check.code, label: 'Redeem', style: 'primary' }],
    tone: 'success',
    ephemeral: true,
  };
}

function amountText(r: CouponRequest): string {
  return r.amountCents !== undefined ? formatUsd(r.amountCents) : 'credit';
}

/** The approval card in the channel (and its later states). */
export function couponCard(r: CouponRequest): Reply {
  const who = mentionUser(r.requester.id);
  const base = { title: `Coupon ${r.code} · ${amountText(r)}`, context: [`Coupon request ${r.id}`] };
  switch (r.state) {
    case 'awaiting_approval':
      return {
        ...base,
        text: `${who} asks to redeem coupon ${r.code} for ${amountText(r)}. ${MENTION_APPROVERS}: please approve or deny.`,
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
      return { ...base, text: `Approved by ${mentionUser(r.approver?.id ?? '')}; redeeming…`, tone: 'info' };
    case 'redeemed':
      return { ...base, text: redeemedText(r), tone: 'success' };
    case 'denied':
      return { ...base, text: `Denied by ${mentionUser(r.closedBy?.id ?? '')}.`, tone: 'neutral' };
    case 'failed':
      return { ...base, text: `Not redeemed: ${r.reason ?? 'ModelsLab refused it'}.`, tone: 'danger' };
  }
}

export function redeemedText(r: CouponRequest): string {
  const by = r.approver ? mentionUser(r.approver.id) : mentionUser(r.requester.id);
  const credited = r.creditedCents !== undefined ? formatUsd(r.creditedCents) : amountText(r);
  const balance = r.balanceCents !== undefined ? ` New balance: ${formatUsd(r.balanceCents)}.` : '';
  return `Coupon ${r.code} redeemed by ${by}: ${credited} added to the ModelsLab wallet.${balance}`;
}

/** The answer to a click on a code that already has a request. */
export function couponAlready(r: CouponRequest): Reply {
  const text: Record<CouponRequest['state'], string> = {
    redeemed: `Coupon ${r.code} was already redeemed (${formatTime(r.updatedAt)}). Nothing changed.`,
    awaiting_approval: `Coupon ${r.code} is already waiting for an approver (coupon request ${r.id}).`,
    approved: `Coupon ${r.code} is approved and being redeemed (coupon request ${r.id}).`,
    denied: `Coupon request ${r.id} was already denied by ${mentionUser(r.closedBy?.id ?? '')}. Nothing changed.`,
    failed: `Coupon request ${r.id} already failed: ${r.reason ?? 'ModelsLab refused it'}. Nothing changed.`,
  };
  return { text: text[r.state], tone: 'neutral', ephemeral: true };
}
