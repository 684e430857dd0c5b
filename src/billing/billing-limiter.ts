/**
 * Which ModelsLab calls count against the account's billing limiter (15 a minute), and so against
 * the bot's one budget. From docs/api-contract.md ("Limiters"): every POST/PUT/DELETE under
 * `/billing`, `/wallet` and `/subscriptions` (payment-link, both confirm-checkouts, fund, coupon
 * redemption, auto-funding, subscription changes, setup-intent, payment methods). Reads (GET:
 * balance, transactions, plans, invoices, coupon validation) and `/auth` go to the general
 * limiter (120 a minute) and do not spend the budget.
 */
export function isBillingLimited(method: string, route: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return false;
  return /^\/(billing|wallet|subscriptions)(\/|$)/.test(route);
}
