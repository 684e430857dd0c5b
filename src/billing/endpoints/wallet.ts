import { checkDollars, checkFundAmount, checkIntRange, checkNonEmpty, MAX_FUND_USD } from '../input-checks.ts';
import type { AutoFundingBody } from '../schemas/billing.ts';
import { autoFunding } from '../schemas/billing.ts';
import { type CardFundResult, cardFundResult } from '../schemas/payments.ts';
import {
  type CouponRedemption,
  type CouponValidation,
  couponRedemption,
  couponValidation,
  type FundResult,
  fundResult,
  type TransactionPageBody,
  transactionPage,
  type WalletBalance,
  type WalletConfirm,
  type WithdrawResult,
  walletBalance,
  walletConfirm,
  withdrawResult,
} from '../schemas/wallet.ts';
import type { BillingTransport } from '../transport.ts';
import { CARD_DECLINED, keyOf, type MutationOptions, NOT_PAID_YET } from './options.ts';

export interface TransactionQuery {
  readonly type?: 'credit' | 'debit';
  /** 1–200; the API's default is 50. */
  readonly limit?: number;
  readonly offset?: number;
}

/** `/wallet/*`: balance, transactions, funding, checkout confirmation, auto-funding, coupons. */
export class WalletApi {
  readonly #t: BillingTransport;
  constructor(transport: BillingTransport) {
    this.#t = transport;
  }

  async balance(): Promise<WalletBalance> {
    return this.#t.call({ method: 'GET', route: '/wallet/balance', schema: walletBalance });
  }

  async transactions(query: TransactionQuery = {}): Promise<TransactionPageBody> {
    if (query.limit !== undefined) checkIntRange('limit', query.limit, 1, 200);
    if (query.offset !== undefined) checkIntRange('offset', query.offset, 0, Number.MAX_SAFE_INTEGER);
    return this.#t.call({
      method: 'GET',
      route: '/wallet/transactions',
      query: { type: query.type, limit: query.limit, offset: query.offset },
      schema: transactionPage,
    });
  }

  /** With a saved payment method: charged now. Without: a checkout session to pay. */
  async fund(
    input: { readonly amount: number; readonly payment_method_id?: string },
    options?: MutationOptions,
  ): Promise<FundResult> {
    checkFundAmount('amount', input.amount);
    return this.#t.call({ method: 'POST', route: '/wallet/fund', json: input, schema: fundResult, ...keyOf(options) });
  }

  /**
   * Charge a saved card now. A decline is HTTP 402 `payment_declined` (thrown as BillingHttpError,
   * logged quietly: it is an answer for a person, not a fault); 3-D Secure is a 202 value.
   */
  async fundWithCard(
    input: { readonly amount: number; readonly payment_method_id: string },
    options?: MutationOptions,
  ): Promise<CardFundResult> {
    checkFundAmount('amount', input.amount);
    checkNonEmpty('payment_method_id', input.payment_method_id);
    return this.#t.call({
      method: 'POST',
      route: '/wallet/fund',
      json: { amount: input.amount, payment_method_id: input.payment_method_id },
      schema: cardFundResult,
      expectedErrors: CARD_DECLINED,
      ...keyOf(options),
    });
  }

  /** Credits the wallet from a paid session, once; a repeat answers `already_confirmed: true`. */
  async confirmCheckout(sessionId: string, options?: MutationOptions): Promise<WalletConfirm> {
    checkNonEmpty('session_id', sessionId);
    return this.#t.call({
      method: 'POST',
      route: '/wallet/confirm-checkout',
      json: { session_id: sessionId },
      schema: walletConfirm,
      expectedErrors: NOT_PAID_YET,
      ...keyOf(options),
    });
  }

  /** Charge `auto_charge_amount` (≥ $5) whenever the balance falls below `charge_threshold` (≥ $1). */
  async setAutoFunding(
    input: { readonly auto_charge_amount: number; readonly charge_threshold: number },
    options?: MutationOptions,
  ): Promise<AutoFundingBody> {
    checkDollars('auto_charge_amount', input.auto_charge_amount, 5, MAX_FUND_USD);
    checkDollars('charge_threshold', input.charge_threshold, 1, MAX_FUND_USD);
    return this.#t.call({
      method: 'PUT',
      route: '/wallet/auto-funding',
      json: input,
      schema: autoFunding,
      ...keyOf(options),
    });
  }

  async disableAutoFunding(options?: MutationOptions): Promise<AutoFundingBody> {
    return this.#t.call({ method: 'DELETE', route: '/wallet/auto-funding', schema: autoFunding, ...keyOf(options) });
  }

  /** Reseller accounts only. */
  async withdraw(input: { readonly amount: number }, options?: MutationOptions): Promise<WithdrawResult> {
    checkDollars('amount', input.amount, 0.01, MAX_FUND_USD);
    return this.#t.call({
      method: 'POST',
      route: '/wallet/withdraw',
      json: input,
      schema: withdrawResult,
      ...keyOf(options),
    });
  }

  /** Invalid, expired and used coupons answer 422 (`coupon_invalid` / `coupon_expired` / `coupon_used`). */
  async validateCoupon(input: {
    readonly coupon_code: string;
    readonly purchase_amount?: number;
  }): Promise<CouponValidation> {
    checkNonEmpty('coupon_code', input.coupon_code);
    return this.#t.call({
      method: 'GET',
      route: '/wallet/coupons/validate',
      query: { coupon_code: input.coupon_code, purchase_amount: input.purchase_amount },
      schema: couponValidation,
    });
  }

  async redeemCoupon(
    input: { readonly coupon_code: string; readonly payment_method_id?: string; readonly purchase_amount?: number },
    options?: MutationOptions,
  ): Promise<CouponRedemption> {
    checkNonEmpty('coupon_code', input.coupon_code);
    return this.#t.call({
      method: 'POST',
      route: '/wallet/coupons/redeem',
      json: input,
      schema: couponRedemption,
      ...keyOf(options),
    });
  }
}
