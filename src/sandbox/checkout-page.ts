/**
 * The simulated Stripe Checkout page. Links and form actions are relative (`./<id>/pay`) because
 * the main app mounts the simulator under /sandbox: an absolute `/checkout/...` would miss it.
 * Below the real page's buttons sits a sandbox-only "Expire now", so expiry can be tried without
 * waiting out SANDBOX_CHECKOUT_MINUTES (at least 30, like Stripe).
 */
import { dollars, escapeHtml, humanTime, layout, type Page } from './html.ts';
import type { CheckoutSessionRecord } from './model.ts';
import type { SimState } from './state.ts';

export type { Page } from './html.ts';

function describe(state: SimState, s: CheckoutSessionRecord): string {
  if (s.purpose === 'fund') return 'ModelsLab wallet top-up';
  const plan = s.planId === null ? undefined : state.plan(s.planId);
  return plan ? `ModelsLab ${plan.name} subscription (${plan.period})` : 'ModelsLab subscription';
}

function header(state: SimState, s: CheckoutSessionRecord): string {
  const suffix =
    s.purpose === 'subscribe' ? (state.plan(s.planId ?? -1)?.period === 'yearly' ? ' / year' : ' / month') : '';
  return `<h1>Pay ModelsLab</h1><p class="merchant">ModelsLab, Inc.</p>
<p class="amount" data-testid="amount">${escapeHtml(dollars(s.amountCents) + suffix)}</p>
<p class="what" data-testid="description">${escapeHtml(describe(state, s))}</p>`;
}

function sessionIdBlock(s: CheckoutSessionRecord): string {
  return `<p>Session id:</p><p class="sid" data-testid="session-id">${escapeHtml(s.id)}</p>`;
}

/** The page for a session as it stands (GET /checkout/<id>). Base URL: /checkout/<id>. */
export function checkoutPage(state: SimState, id: string): Page {
  const s = state.session(id);
  if (!s) return notFoundPage();
  if (s.status === 'expired') return expiredPage(state, s);
  if (s.status === 'complete') return paidPage(state, s);
  const action = (what: string) => `./${encodeURIComponent(s.id)}/${what}`;
  const notice = s.cancelled
    ? '<p class="status" data-testid="status">Payment cancelled. You can still pay below.</p>'
    : '<p class="status" data-testid="status">Awaiting payment</p>';
  return {
    status: 200,
    html: layout(
      'Checkout · ModelsLab',
      `${header(state, s)}${notice}
<form method="post" action="${escapeHtml(action('pay'))}"><button class="pay" type="submit" data-testid="pay">Pay ${escapeHtml(dollars(s.amountCents))}</button></form>
<form method="post" action="${escapeHtml(action('cancel'))}"><button class="cancel" type="submit" data-testid="cancel">Cancel</button></form>
<p class="merchant expires" data-testid="expires">Expires ${escapeHtml(humanTime(s.expiresAt, state.now()))}</p>
<div class="sandbox" data-testid="sandbox-controls"><p>Sandbox only: try what happens when a link runs out.</p>
<form method="post" action="${escapeHtml(action('expire'))}"><button class="control" type="submit" data-testid="expire">Expire now</button></form>
<p><a href="../_control" data-testid="controls-link">Sandbox controls</a> (coupons, reset)</p></div>`,
    ),
  };
}

/** POST /checkout/<id>/pay. Base URL: /checkout/<id>/pay. Marks paid; credits nothing until confirm. */
export function payAction(state: SimState, id: string): Page {
  const s = state.session(id);
  if (!s) return notFoundPage();
  if (s.status === 'expired') return expiredPage(state, s);
  state.pay(id);
  return paidPage(state, s);
}

/** POST /checkout/<id>/expire (sandbox control). Base URL: /checkout/<id>/expire. A paid session stays paid. */
export function expireAction(state: SimState, id: string): Page {
  const s = state.session(id);
  if (!s) return notFoundPage();
  if (s.status === 'complete') return paidPage(state, s);
  state.expire(id);
  return {
    status: 200,
    html: layout(
      'Session expired · ModelsLab',
      `${header(state, s)}<p class="status" data-testid="status">This checkout session has expired</p>
<p>Expired now by the sandbox control. The bot sees it on its next check of this link ("I've paid" in the DM makes it check at once) and tells the requester, who can ask for a new link.</p>`,
    ),
  };
}

/** POST /checkout/<id>/cancel. Like Stripe, the session stays open until it expires. */
export function cancelAction(state: SimState, id: string): Page {
  const s = state.session(id);
  if (!s) return notFoundPage();
  if (s.status === 'expired') return expiredPage(state, s);
  if (s.status === 'complete') return paidPage(state, s);
  s.cancelled = true;
  return {
    status: 200,
    html: layout(
      'Payment cancelled · ModelsLab',
      `${header(state, s)}<p class="status" data-testid="status">Payment cancelled</p>
<p>Nothing was charged. <a href="../${encodeURIComponent(s.id)}" data-testid="back">Return to checkout</a></p>`,
    ),
  };
}

function paidPage(state: SimState, s: CheckoutSessionRecord): Page {
  return {
    status: 200,
    html: layout(
      'Payment received · ModelsLab',
      `${header(state, s)}<p class="status" data-testid="status">Payment received</p>
<p>Thanks! You can close this page; the bot confirms the payment with this session id.</p>${sessionIdBlock(s)}`,
    ),
  };
}

function expiredPage(state: SimState, s: CheckoutSessionRecord): Page {
  return {
    status: 410,
    html: layout(
      'Session expired · ModelsLab',
      `${header(state, s)}<p class="status" data-testid="status">This checkout session has expired</p>
<p>Ask the bot for a new payment link.</p>`,
    ),
  };
}

function notFoundPage(): Page {
  return {
    status: 404,
    html: layout('Not found', '<p class="status" data-testid="status">This checkout session does not exist</p>'),
  };
}
