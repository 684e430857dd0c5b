/**
 * The simulated Stripe Checkout page. Links and form actions are relative (`./<id>/pay`) because
 * the main app mounts the simulator under /sandbox: an absolute `/checkout/...` would miss it.
 */
import type { CheckoutSessionRecord } from './model.ts';
import type { SimState } from './state.ts';

export interface Page {
  readonly status: number;
  readonly html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const STYLE = `
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f9fc;color:#1a1f36}
.banner{background:#ffd66b;color:#5c4200;text-align:center;font-size:13px;font-weight:600;padding:6px;letter-spacing:.02em}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(26,31,54,.12);padding:32px}
h1{font-size:18px;margin:0 0 4px}.merchant{color:#697386;font-size:14px;margin:0 0 24px}
.amount{font-size:36px;font-weight:700;margin:0 0 8px}.what{color:#3c4257;margin:0 0 24px}
.status{font-size:16px;margin:0 0 16px}.sid{font-family:ui-monospace,monospace;font-size:12px;background:#f6f9fc;padding:8px;border-radius:4px;word-break:break-all}
form{display:inline}button{font-size:16px;border:0;border-radius:6px;padding:12px 20px;cursor:pointer;margin-right:8px}
.expires{margin-top:16px}.pay{background:#635bff;color:#fff}.cancel{background:#e3e8ee;color:#3c4257}a{color:#635bff}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="banner" data-testid="test-mode">TEST MODE · simulated Stripe Checkout</div>
<main>${body}</main></body></html>`;
}

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
<p class="merchant expires">Expires ${escapeHtml(new Date(s.expiresAt).toISOString())}</p>`,
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
