/**
 * The ModelsLab billing client and the BillingPort on top of it.
 *
 *   const client = new ModelsLabClient({ baseUrl: apiUrl, token, logger, onCall });
 *   await client.wallet.confirmCheckout(sessionId, { idempotencyKey });   // typed, dollars
 *   const billing = new ModelsLabBilling(client);                          // BillingPort, cents
 */
export { ModelsLabBilling } from './billing-port.ts';
export { BudgetedBilling, type BudgetedBillingOptions, DEFAULT_BUDGET_WAIT_MS } from './budgeted-billing.ts';
export { ModelsLabClient, type ModelsLabClientOptions } from './client.ts';
export { confirmOutcome, outcomeFromHttpError } from './confirm-outcome.ts';
export type { LoginInput } from './endpoints/auth.ts';
export type { PaymentLinkRequest } from './endpoints/billing.ts';
export type { MutationOptions } from './endpoints/options.ts';
export type { TransactionQuery } from './endpoints/wallet.ts';
export { DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from './errors-map.ts';
export { MAX_FUND_USD, MIN_FUND_USD } from './input-checks.ts';
export { intId, money } from './money-schema.ts';
export type * from './schemas/auth.ts';
export type * from './schemas/billing.ts';
export type * from './schemas/payments.ts';
export type * from './schemas/subscriptions.ts';
export type * from './schemas/wallet.ts';
export type { CallInfo, HttpMethod, RetryPolicy } from './transport.ts';
