/**
 * The sandbox controls page (GET /_control): every simulated account (name, balance, open
 * sessions), what each holds right now (wallet, coupons and whether each is still usable, open
 * checkout sessions with Pay and Expire now) and the buttons that put it back: "Reset coupons"
 * makes every seeded code usable again, so both the member path and the approver path of
 * WELCOME10 can be tried; "Reset this account" returns one account to the seed data; "Reset
 * everything" returns to the seed data with only the original account.
 * Links are relative to /_control because the app mounts the simulator under /sandbox.
 */

import type { Accounts, SimAccount } from './accounts.ts';
import { dollars, escapeHtml, humanTime, layout, type Page } from './html.ts';
import type { CheckoutSessionRecord, CouponRecord } from './model.ts';

export type ControlDone = 'coupons' | 'everything' | 'paid' | 'expired';

/** What a coupon does, in the words docs/sandbox.md uses. */
export function couponEffect(c: CouponRecord): string {
  return c.kind === 'credit'
    ? `credits ${dollars(c.amountCents ?? 0)} to the wallet`
    : `adds a ${c.bonusPercent ?? 0}% bonus to a top-up`;
}

function couponStanding(c: CouponRecord, now: number): string {
  if (c.expiresAt !== null && now >= c.expiresAt) return `expired ${humanTime(c.expiresAt, now)}`;
  if (c.used) return 'already used';
  return c.expiresAt === null ? 'usable' : `usable until ${humanTime(c.expiresAt, now)}`;
}

const NOTICES: Record<ControlDone, string> = {
  coupons: 'Coupons reset: every code is as it was at the start.',
  everything: 'Everything reset to the seed data.',
  paid: 'Session paid: the bot credits it on its next check.',
  expired: 'Session expired.',
};

function notice(done: string | null, account: string | null): string {
  if (done === null || !(done in NOTICES)) return '';
  const text = NOTICES[done as ControlDone];
  const where = account === null ? '' : `Account <code>${escapeHtml(account)}</code>: `;
  return `<p class="done" data-testid="done">${where}${escapeHtml(text)}</p>`;
}

/** `./_control/reset-coupons` for every account, with `?account=` for one. */
function forAccount(action: string, account: SimAccount | undefined): string {
  return account ? `${action}?account=${encodeURIComponent(account.name)}` : action;
}

function openSessionRow(s: CheckoutSessionRecord, now: number): string {
  const id = encodeURIComponent(s.id);
  return `<li data-session="${escapeHtml(s.id)}"><a href="./checkout/${id}">${escapeHtml(dollars(s.amountCents))} ${escapeHtml(s.purpose)}</a>, expires ${escapeHtml(humanTime(s.expiresAt, now))}
<form method="post" action="./_control/pay/${id}"><button class="control" type="submit" data-testid="pay-session">Pay</button></form>
<form method="post" action="./_control/expire/${id}"><button class="control" type="submit" data-testid="expire-session">Expire now</button></form></li>`;
}

function accountSection(account: SimAccount, isOriginal: boolean, many: boolean, now: number): string {
  const { state } = account;
  const coupons = [...state.coupons.values()]
    .map(
      (c) =>
        `<tr data-coupon="${escapeHtml(c.code)}"><td><code>${escapeHtml(c.code)}</code></td><td>${escapeHtml(couponEffect(c))}</td><td data-testid="coupon-state">${escapeHtml(couponStanding(c, now))}</td></tr>`,
    )
    .join('');
  const open = account
    .openSessions()
    .map((s) => openSessionRow(s, now))
    .join('');
  const scoped = many ? account : undefined;
  const reachedBy = isOriginal
    ? 'The original account: the configured token (<code>sandbox-token</code> unless set otherwise) and the demo login.'
    : `Token <code>sandbox-${escapeHtml(account.name)}</code>.`;
  const title = many
    ? `<h2>Account <code>${escapeHtml(account.name)}</code></h2><p class="merchant">${reachedBy}</p>`
    : '';
  const resetOne = many
    ? `<form method="post" action="${escapeHtml(forAccount('./_control/reset', account))}"><button class="cancel" type="submit" data-testid="reset-account">Reset this account</button></form>`
    : '';
  return `<section data-account="${escapeHtml(account.name)}">${title}
<p>Wallet: <strong data-testid="balance">${escapeHtml(dollars(state.balanceCents))}</strong></p>
<h3>Coupons</h3><table><tr><th>Code</th><th>Does</th><th>Now</th></tr>${coupons}</table>
<p><form method="post" action="${escapeHtml(forAccount('./_control/reset-coupons', scoped))}"><button class="control" type="submit" data-testid="reset-coupons">Reset coupons</button></form>${resetOne}</p>
<h3>Open checkout sessions</h3>${open ? `<ul>${open}</ul>` : '<p>None.</p>'}</section>`;
}

/** One row per account: its name, balance and open sessions, linking to its section below. */
function accountsTable(accounts: readonly SimAccount[]): string {
  const rows = accounts
    .map(
      (a) =>
        `<tr data-account-row="${escapeHtml(a.name)}"><td><a href="#account-${escapeHtml(a.name)}">${escapeHtml(a.name)}</a></td><td data-testid="account-balance">${escapeHtml(dollars(a.state.balanceCents))}</td><td data-testid="account-open">${a.openSessions().length}</td></tr>`,
    )
    .join('');
  return `<h2>Accounts</h2><table data-testid="accounts"><tr><th>Account</th><th>Wallet</th><th>Open sessions</th></tr>${rows}</table>
<p class="merchant">Any token <code>sandbox-&lt;name&gt;</code> (letters, digits, <code>-</code>) opens an account of its own on first use.</p>`;
}

export function controlPage(
  accounts: Accounts,
  stateFile: string | undefined,
  done: string | null,
  doneAccount: string | null,
): Page {
  const now = accounts.original.state.now();
  const list = accounts.list();
  // With one account the page reads as it always did; with several, each gets a titled section.
  const many = accounts.mode === 'many' && list.length > 1;
  const sections = list
    .map(
      (a) => `<div id="account-${escapeHtml(a.name)}">${accountSection(a, a === accounts.original, many, now)}</div>`,
    )
    .join('');
  const where = stateFile
    ? `Kept in <code>${escapeHtml(stateFile)}</code>: a restart resumes from it.`
    : 'Kept in memory: every start begins from the seed data.';
  const intro = many
    ? 'The simulated ModelsLab accounts behind the bot.'
    : 'The simulated ModelsLab account behind the playground.';
  return {
    status: 200,
    html: layout(
      'Sandbox controls · ModelsLab',
      `<h1>Sandbox controls</h1><p class="merchant">${intro}</p>${notice(done, doneAccount)}
${accounts.mode === 'many' ? accountsTable(list) : ''}${sections}
<h2>State</h2><p>${where}</p>
<p><form method="post" action="./_control/reset"><button class="cancel" type="submit" data-testid="reset-all">Reset everything</button></form></p>
<p class="merchant">Reset everything forgets every checkout session${accounts.mode === 'many' ? ' and every account but the original' : ''}: a request still awaiting payment then fails as unknown to ModelsLab.</p>`,
      'mlbot sandbox controls',
    ),
  };
}
