/** Coupon rules: which codes are valid, and what redeeming one credits. */
import type { CouponRecord } from './model.ts';
import type { SimState } from './state.ts';
import { ApiError, iso, usd, usdOrNull } from './wire.ts';

/** The coupon, or 422 coupon_invalid / coupon_expired / coupon_used. */
export function usableCoupon(state: SimState, rawCode: unknown): CouponRecord {
  if (typeof rawCode !== 'string' || rawCode.trim() === '') {
    throw new ApiError(422, 'validation_error', 'coupon_code: is required', { coupon_code: 'is required' });
  }
  const code = rawCode.trim().toUpperCase();
  const coupon = state.coupons.get(code);
  if (!coupon) throw new ApiError(422, 'coupon_invalid', `Coupon ${code} does not exist.`, { coupon_code: code });
  if (coupon.expiresAt !== null && state.now() >= coupon.expiresAt) {
    throw new ApiError(422, 'coupon_expired', `Coupon ${code} expired on ${iso(coupon.expiresAt)}.`, {
      coupon_code: code,
      expired_at: iso(coupon.expiresAt),
    });
  }
  if (coupon.used)
    throw new ApiError(422, 'coupon_used', `Coupon ${code} has already been used.`, { coupon_code: code });
  return coupon;
}

export function couponView(c: CouponRecord, purchaseCents: number | undefined) {
  const bonusCents =
    c.bonusPercent !== null && purchaseCents !== undefined ? Math.round((purchaseCents * c.bonusPercent) / 100) : null;
  return {
    valid: true,
    coupon_code: c.code,
    type: c.kind,
    amount: usdOrNull(c.kind === 'credit' ? c.amountCents : bonusCents),
    bonus_percent: c.bonusPercent,
    expires_at: c.expiresAt === null ? null : iso(c.expiresAt),
    message:
      c.kind === 'credit'
        ? `Coupon ${c.code} credits $${((c.amountCents ?? 0) / 100).toFixed(2)} to your wallet.`
        : `Coupon ${c.code} adds a ${c.bonusPercent}% bonus to a wallet top-up.`,
  };
}

/** Redeem: a credit coupon adds its amount; a bonus coupon charges the purchase and adds the bonus. */
export function redeem(state: SimState, coupon: CouponRecord, purchaseCents: number | undefined) {
  let credited = 0;
  if (coupon.kind === 'credit') {
    credited = coupon.amountCents ?? 0;
    state.credit(credited, 'coupon', coupon.code, 'coupon');
  } else {
    if (purchaseCents === undefined) {
      throw new ApiError(422, 'validation_error', 'purchase_amount: is required for a bonus coupon', {
        purchase_amount: 'is required for a bonus coupon',
      });
    }
    const payment = state.chargeCard(purchaseCents);
    const bonus = Math.round((purchaseCents * (coupon.bonusPercent ?? 0)) / 100);
    state.credit(purchaseCents, 'stripe', payment.id, 'wallet_funding');
    state.credit(bonus, 'coupon', coupon.code, 'coupon_bonus');
    credited = purchaseCents + bonus;
  }
  coupon.used = true;
  return {
    message: `Coupon ${coupon.code} redeemed.`,
    coupon_code: coupon.code,
    credited_amount: usd(credited),
    balance: usd(state.balanceCents),
  };
}
