/**
 * The simulator's browser side (everything outside /api/agents/v1, no bearer token, as a payer's
 * browser calls it): the checkout pages and their Pay, Cancel and Expire now forms, the sandbox
 * controls page (also where the simulator's root leads) with every account, its resets and its
 * Pay / Expire now buttons, and hosted invoices with their PDFs. A checkout page is reached by its
 * URL whichever account made it (session ids are unique); an invoice of an account other than the
 * original is under /accounts/<name>/invoices (seeded invoice ids repeat across accounts).
 * Every POST that changes the state is saved (`changed`) before it is answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts, SimAccount } from './accounts.ts';
import { settleDue } from './card-charges.ts';
import {
  CARD_CONTROL_ACTIONS,
  type CardControlAction,
  type CardControls,
  cardControlAction,
} from './card-control-http.ts';
import { cancelAction, checkoutPage, expireAction, payAction } from './checkout-page.ts';
import { type ControlDone, controlPage } from './control-page.ts';
import { fixPaymentPage, fixPaymentPay } from './fix-page.ts';
import { dollars, escapeHtml, humanDate, layout, type Page } from './html.ts';
import { invoicePdf } from './invoice-pdf.ts';

export interface PageDeps {
  readonly accounts: Accounts;
  /** Where the state is kept, shown on the controls page; undefined in memory. */
  readonly stateFile: string | undefined;
  /** Save the state (before the answer goes out). */
  changed(): void;
  /** Every seeded coupon usable again, in this account or (undefined) in every account. */
  resetCoupons(account?: SimAccount): void;
  /** One account back to its seed data, or (undefined) everything: only the original account is left. */
  resetAll(account?: SimAccount): void;
  /** Absolute base of the simulator's pages for this request (the app mounts it at /sandbox). */
  publicBase(req: IncomingMessage): string;
  /** Add a card, make a subscription past due, settle pending payments (they save). */
  readonly cards: CardControls;
}

/** `/checkout/fix/<subscription id>` (GET) and `/pay` (POST); `/accounts/<name>/…` for another account. */
const FIX = /^(?:\/accounts\/([^/]+))?\/checkout\/fix\/(\d+)(?:\/(pay))?\/?$/;
const CHECKOUT = /^\/checkout\/([^/]+)(?:\/(pay|cancel|expire))?\/?$/;
/**
 * `/_control/reset-coupons`, `/_control/reset`, `/_control/add-card`, `/_control/past-due`,
 * `/_control/settle-payments` (`?account=<name>` for one), `/_control/pay/<session>`, `/_control/expire/<session>`.
 */
const CONTROL = /^\/_control(?:\/(reset-coupons|reset|add-card|past-due|settle-payments)|\/(pay|expire)\/([^/]+))?$/;
/** `/invoices/<id>` is the hosted page; `/invoices/<id>.pdf` (also `/invoices/<id>/pdf`) the PDF. */
const INVOICE = /^(?:\/accounts\/([^/]+))?\/invoices\/([^/]+?)(\.pdf|\/pdf)?$/;

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
  const fix = FIX.exec(path);
  if (fix) {
    await drain(req);
    const pay = fix[3] !== undefined;
    if (!methodAllowed(req, res, pay ? 'POST' : 'GET')) return true;
    const owner = fix[1] === undefined ? deps.accounts.original : deps.accounts.get(decodeURIComponent(fix[1]));
    const id = Number(fix[2]);
    if (!owner) {
      sendPage(req, res, { status: 404, html: layout('Not found', '<p class="status">No such account</p>') });
      return true;
    }
    const page = pay ? fixPaymentPay(owner.state, id) : fixPaymentPage(owner.state, id);
    if (pay) deps.changed();
    sendPage(req, res, page);
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
    const state = (deps.accounts.ownerOfSession(id) ?? deps.accounts.original).state;
    let page: Page;
    if (action === 'pay') page = payAction(state, id);
    else if (action === 'cancel') page = cancelAction(state, id);
    else if (action === 'expire') page = expireAction(state, id);
    else page = checkoutPage(state, id);
    if (action) deps.changed();
    sendPage(req, res, page);
    return true;
  }

  if (control) {
    const action = control[1] ?? control[2];
    if (!methodAllowed(req, res, action ? 'POST' : 'GET')) return true;
    if (!action) {
      // Pending card payments whose time has come show as settled (and are saved so).
      if (deps.accounts.list().filter((a) => settleDue(a.state)).length > 0) deps.changed();
      sendPage(req, res, controlPage(deps.accounts, deps.stateFile, query.get('done'), query.get('account')));
      return true;
    }
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    if (action === 'pay' || action === 'expire') {
      sessionControl(deps, res, action, decodeURIComponent(control[3] ?? ''), wantsJson);
      return true;
    }
    if ((CARD_CONTROL_ACTIONS as readonly string[]).includes(action)) {
      cardControlAction(deps, res, action as CardControlAction, query, wantsJson);
      return true;
    }
    const name = query.get('account');
    const account = name === null ? undefined : deps.accounts.get(name);
    if (name !== null && !account) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such sandbox account');
      return true;
    }
    const done: ControlDone = action === 'reset-coupons' ? 'coupons' : 'everything';
    if (done === 'coupons') deps.resetCoupons(account);
    else deps.resetAll(account);
    // A form post goes back to the page (303: the browser follows with a GET); a script gets JSON.
    if (wantsJson) {
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ reset: done, ...(account ? { account: account.name } : {}) }));
    } else {
      const back = `../_control?done=${done}${account ? `&account=${encodeURIComponent(account.name)}` : ''}`;
      res.writeHead(303, { location: back, 'content-type': 'text/plain' }).end('reset');
    }
    return true;
  }

  const owner = invoice?.[1] === undefined ? deps.accounts.original : deps.accounts.get(decodeURIComponent(invoice[1]));
  const id = decodeURIComponent(invoice?.[2] ?? '');
  if (!methodAllowed(req, res, 'GET')) return true;
  const record = owner?.state.invoices.find((i) => i.id === id);
  if (!record) {
    const html = layout(
      'Not found',
      '<p class="status">This invoice does not exist</p>',
      'simulated ModelsLab invoice',
    );
    sendPage(req, res, { status: 404, html });
    return true;
  }
  if (invoice?.[3] !== undefined) {
    const pdf = invoicePdf(record, (owner ?? deps.accounts.original).state.billingInfo);
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

/**
 * Pay or Expire now from the controls page, on the account that made the session. A form post
 * goes back to the controls page; a script (accept: application/json) gets the session's state.
 */
function sessionControl(
  deps: PageDeps,
  res: ServerResponse,
  action: 'pay' | 'expire',
  id: string,
  wantsJson: boolean,
): void {
  const owner = deps.accounts.ownerOfSession(id);
  const s = owner?.state.session(id);
  const refuse = (status: number, message: string) => {
    if (wantsJson) {
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ error: message }));
    } else {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
    }
  };
  if (!owner || !s) {
    refuse(404, 'This checkout session does not exist');
    return;
  }
  if (action === 'pay') {
    if (s.status === 'expired') {
      refuse(410, 'This checkout session has expired');
      return;
    }
    owner.state.pay(id);
  } else {
    owner.state.expire(id);
  }
  deps.changed();
  if (wantsJson) {
    res
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      .end(
        JSON.stringify({ session_id: s.id, account: owner.name, status: s.status, payment_status: s.paymentStatus }),
      );
  } else {
    const done = action === 'pay' ? 'paid' : 'expired';
    res
      .writeHead(303, {
        location: `../../_control?done=${done}&account=${encodeURIComponent(owner.name)}`,
        'content-type': 'text/plain',
      })
      .end(done);
  }
}
