/**
 * The simulator's browser side (everything outside /api/agents/v1, no bearer token, as a payer's
 * browser calls it): the checkout pages and their Pay, Cancel and Expire now forms, the sandbox
 * controls page (also where the simulator's root leads) and its resets, and hosted invoices with
 * their PDFs. Every POST that changes the
 * state is saved (`changed`) before it is answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cancelAction, checkoutPage, expireAction, payAction } from './checkout-page.ts';
import { type ControlDone, controlPage } from './control-page.ts';
import { dollars, escapeHtml, humanDate, layout, type Page } from './html.ts';
import { invoicePdf } from './invoice-pdf.ts';
import type { SimState } from './state.ts';

export interface PageDeps {
  readonly state: SimState;
  /** Where the state is kept, shown on the controls page; undefined in memory. */
  readonly stateFile: string | undefined;
  /** Save the state (before the answer goes out). */
  changed(): void;
  resetCoupons(): void;
  resetAll(): void;
  /** Absolute base of the simulator's pages for this request (the app mounts it at /sandbox). */
  publicBase(req: IncomingMessage): string;
}

const CHECKOUT = /^\/checkout\/([^/]+)(?:\/(pay|cancel|expire))?\/?$/;
const CONTROL = /^\/_control(?:\/(reset-coupons|reset))?$/;
/** `/invoices/<id>` is the hosted page; `/invoices/<id>.pdf` (also `/invoices/<id>/pdf`) the PDF. */
const INVOICE = /^\/invoices\/([^/]+?)(\.pdf|\/pdf)?$/;

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on('data', () => {});
    req.on('end', () => resolve());
    req.on('error', reject);
  });
}

function methodAllowed(req: IncomingMessage, res: ServerResponse, expected: 'GET' | 'POST'): boolean {
  if (req.method === expected || (expected === 'GET' && req.method === 'HEAD')) return true;
  res.writeHead(405, { allow: expected, 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed');
  return false;
}

function sendPage(req: IncomingMessage, res: ServerResponse, page: Page): void {
  res
    .writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(req.method === 'HEAD' ? undefined : page.html);
}

/** Serves `path` if it is one of the pages; false when it is not (the caller answers 404). */
export async function handlePage(
  deps: PageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<boolean> {
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    // The simulator's own address (http://127.0.0.1:3000/sandbox) opens the controls page.
    const to = `${deps.publicBase(req).replace(/\/+$/, '')}/_control`;
    res.writeHead(302, { location: to, 'content-type': 'text/plain' }).end('see the sandbox controls');
    return true;
  }
  const checkout = CHECKOUT.exec(path);
  const control = CONTROL.exec(path);
  const invoice = INVOICE.exec(path);
  if (!checkout && !control && !invoice) return false;
  await drain(req);

  if (checkout) {
    const id = decodeURIComponent(checkout[1] ?? '');
    const action = checkout[2];
    if (!methodAllowed(req, res, action ? 'POST' : 'GET')) return true;
    let page: Page;
    if (action === 'pay') page = payAction(deps.state, id);
    else if (action === 'cancel') page = cancelAction(deps.state, id);
    else if (action === 'expire') page = expireAction(deps.state, id);
    else page = checkoutPage(deps.state, id);
    if (action) deps.changed();
    sendPage(req, res, page);
    return true;
  }

  if (control) {
    const action = control[1];
    if (!methodAllowed(req, res, action ? 'POST' : 'GET')) return true;
    if (!action) {
      sendPage(req, res, controlPage(deps.state, deps.stateFile, query.get('done')));
      return true;
    }
    const done: ControlDone = action === 'reset-coupons' ? 'coupons' : 'everything';
    if (done === 'coupons') deps.resetCoupons();
    else deps.resetAll();
    // A form post goes back to the page (303: the browser follows with a GET); a script gets JSON.
    if ((req.headers.accept ?? '').includes('application/json')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ reset: done }));
    } else {
      res.writeHead(303, { location: `../_control?done=${done}`, 'content-type': 'text/plain' }).end('reset');
    }
    return true;
  }

  const id = decodeURIComponent(invoice?.[1] ?? '');
  if (!methodAllowed(req, res, 'GET')) return true;
  const record = deps.state.invoices.find((i) => i.id === id);
  if (!record) {
    const html = layout(
      'Not found',
      '<p class="status">This invoice does not exist</p>',
      'simulated ModelsLab invoice',
    );
    sendPage(req, res, { status: 404, html });
    return true;
  }
  if (invoice?.[2] !== undefined) {
    const pdf = invoicePdf(record, deps.state.billingInfo);
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': `inline; filename="${record.number}.pdf"`,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
    return true;
  }
  const lines = record.lines
    .map((l) => `<tr><td>${escapeHtml(l.description)}</td><td>${escapeHtml(dollars(l.amountCents))}</td></tr>`)
    .join('');
  sendPage(req, res, {
    status: 200,
    html: layout(
      `Invoice ${record.number} · ModelsLab`,
      `<h1>Invoice ${escapeHtml(record.number)}</h1><p class="merchant">ModelsLab, Inc. · ${escapeHtml(humanDate(record.createdAt))} · ${escapeHtml(record.status)}</p>
<table><tr><th>Description</th><th>Amount</th></tr>${lines}<tr><th>Total</th><th>${escapeHtml(dollars(record.amountCents))}</th></tr></table>
<p><a href="./${encodeURIComponent(record.id)}.pdf" data-testid="pdf">Download PDF</a></p>`,
      'simulated ModelsLab invoice',
    ),
  });
  return true;
}
