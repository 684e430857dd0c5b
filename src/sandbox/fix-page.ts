/**
 * The page where a cardholder completes a failed subscription payment that wanted 3-D Secure
 * (`payment_url` of fix-payment): GET `/checkout/fix/<subscription id>` shows the plan and a Pay
 * button; its POST (`/checkout/fix/<id>/pay`) charges the plan's price and makes the subscription
 * active. An account other than the original has it under `/accounts/<name>/checkout/fix/<id>`
 * (subscription ids repeat across accounts). Form actions are relative: the app mounts the
 * simulator under /sandbox.
 */
import { dollars, escapeHtml, layout, type Page } from './html.ts';
import type { SimState } from './state.ts';

const WHAT = 'simulated Stripe payment page';

function message(title: string, text: string, status = 200): Page {
  return { status, html: layout(title, `<p class="status" data-testid="status">${escapeHtml(text)}</p>`, WHAT) };
}

export function fixPaymentPage(state: SimState, subscriptionId: number): Page {
  const sub = state.subscription(subscriptionId);
  if (!sub) return message('Not found', 'This subscription does not exist', 404);
  if (sub.status !== 'past_due')
    return message('Paid · ModelsLab', `Nothing to pay: the subscription is ${sub.status}.`);
  const plan = state.plan(sub.planId);
  const price = plan?.priceCents ?? 0;
  return {
    status: 200,
    html: layout(
      'Complete your payment · ModelsLab',
      `<h1>Complete your payment</h1><p class="merchant">ModelsLab, Inc.</p>
<p class="amount" data-testid="amount">${escapeHtml(dollars(price))}</p>
<p class="what" data-testid="description">ModelsLab ${escapeHtml(plan?.name ?? 'subscription')} renewal: your bank asks you to confirm this payment.</p>
<form method="post" action="./${sub.id}/pay"><button class="pay" type="submit" data-testid="pay">Pay ${escapeHtml(dollars(price))}</button></form>`,
      WHAT,
    ),
  };
}

/** POST: the cardholder confirmed; the payment succeeds and the subscription is active again. */
export function fixPaymentPay(state: SimState, subscriptionId: number): Page {
  const sub = state.subscription(subscriptionId);
  if (!sub) return message('Not found', 'This subscription does not exist', 404);
  if (sub.status === 'past_due') {
    state.chargeCard(state.plan(sub.planId)?.priceCents ?? 0);
    sub.status = 'active';
  }
  return message('Paid · ModelsLab', `Payment complete: the subscription is ${sub.status}.`);
}
