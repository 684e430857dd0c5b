/**
 * The add-card page's Content-Security-Policy. Scripts run only under the response's nonce or
 * from Stripe.js's origin; the page talks to itself and to Stripe; Stripe's frames (3-D Secure,
 * the card element) may load; nobody may frame the page. With real Stripe.js that is js.stripe.com,
 * api.stripe.com and hooks.stripe.com; with the sandbox's stand-in, the simulator's origin (the
 * bot's own, `'self'`, when it is served from a path of this server).
 */
const REAL_STRIPE_JS = 'https://js.stripe.com';

function originOf(url: string | undefined): string {
  if (!url || url.startsWith('/')) return "'self'";
  try {
    return new URL(url).origin;
  } catch {
    return "'self'";
  }
}

export function addCardCsp(nonce: string, stripeJsUrl: string | undefined): string {
  const origin = originOf(stripeJsUrl);
  const real = origin === REAL_STRIPE_JS;
  const scripts = `'nonce-${nonce}' ${origin}`;
  const connect = real ? "'self' https://api.stripe.com" : `'self' ${origin}`;
  const frames = real ? 'https://js.stripe.com https://hooks.stripe.com' : origin;
  return [
    "default-src 'none'",
    `script-src ${scripts}`,
    `style-src 'nonce-${nonce}' ${origin}`,
    `connect-src ${[...new Set(connect.split(' '))].join(' ')}`,
    `frame-src ${frames}`,
    `img-src 'self' data: ${origin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
