/**
 * What the simulator's pages share (checkout, sandbox controls, hosted invoices): escaping, the
 * layout with its TEST MODE banner, and money and times written for people ("2 Dec, 06:43 UTC",
 * not an ISO string). Times are UTC, as in the bot's messages: teams span time zones.
 */

export interface Page {
  readonly status: number;
  readonly html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const dollars = (cents: number): string =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2 Dec, 06:43 UTC"; the year is added when it is not the current one ("2 Dec 2027, 06:43 UTC"). */
export function humanTime(ms: number, now: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear() === new Date(now).getUTCFullYear() ? '' : ` ${d.getUTCFullYear()}`;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}, ${hh}:${mm} UTC`;
}

/** "2 Dec 2026". */
export function humanDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const STYLE = `
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f9fc;color:#1a1f36}
.banner{background:#ffd66b;color:#5c4200;text-align:center;font-size:13px;font-weight:600;padding:6px;letter-spacing:.02em}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(26,31,54,.12);padding:32px}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:24px 0 8px}.merchant{color:#697386;font-size:14px;margin:0 0 24px}
.amount{font-size:36px;font-weight:700;margin:0 0 8px}.what{color:#3c4257;margin:0 0 24px}
.status{font-size:16px;margin:0 0 16px}.sid{font-family:ui-monospace,monospace;font-size:12px;background:#f6f9fc;padding:8px;border-radius:4px;word-break:break-all}
form{display:inline}button{font-size:16px;border:0;border-radius:6px;padding:12px 20px;cursor:pointer;margin:0 8px 8px 0}
.expires{margin-top:16px}.pay{background:#635bff;color:#fff}.cancel{background:#e3e8ee;color:#3c4257}a{color:#635bff}
.sandbox{border-top:1px dashed #c1c9d2;margin-top:24px;padding-top:16px;font-size:14px;color:#697386}
.control{background:#fff4d6;color:#5c4200;font-size:14px;padding:8px 14px}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{text-align:left;padding:4px 6px;border-bottom:1px solid #e3e8ee}
.done{background:#e6f6ec;color:#0b5d2a;padding:8px;border-radius:4px}`;

/** `what` names the simulated thing in the TEST MODE banner. */
export function layout(title: string, body: string, what = 'simulated Stripe Checkout'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="banner" data-testid="test-mode">TEST MODE · ${escapeHtml(what)}</div>
<main>${body}</main></body></html>`;
}
