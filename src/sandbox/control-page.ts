/**
 * The sandbox controls page (GET /_control): every simulated account (name, balance, open
 * sessions), what each holds right now (wallet, coupons and whether each is still usable, open
 * checkout sessions with Pay and Expire now) and the buttons that put it back: "Reset coupons"
 * makes every seeded code usable again, so both the member path and the approver path of
 * WELCOME10 can be tried; "Reset this account" returns one account to the seed data; "Reset
 * everything" returns to the seed data with only the original account. Per account it also lists
 * the cards (and what a charge on each does) and subscriptions, with buttons that make card
 * payments go wrong on purpose: add a declining / 3-D Secure / pending card (it becomes the
 * default), make the subscription past due, settle pending payments (./card-control-http.ts).
 * Links are relative to /_control because the app mounts the simulator under /sandbox.
 */

import type { Accounts, SimAccount } from './accounts.ts';
import { behaviourOf } from './card-charges.ts';
import { dollars, escapeHtml, humanTime, layout, type Page } from './html.ts';
import type { CardBehaviour, CheckoutSessionRecord, CouponRecord } from './model.ts';

export type ControlDone =
  | 'coupons'
  | 'everything'
  | 'paid'
  | 'expired'
  | `card-${CardBehaviour}`
  | 'past-due'
  | 'settled';

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
  'card-succeeds': 'Card added (it is the default now): charges succeed.',
  'card-declines': 'Declining card added (it is the default now): the next charge is declined.',
  'card-requires_action':
    '3-D Secure card added (it is the default now): the next charge asks the cardholder to confirm.',
  'card-pending': 'Pending card added (it is the default now): a charge settles 30 s later.',
  'past-due': 'The subscription is past due: its renewal payment failed.',
  settled: 'Pending payments settled: they succeeded.',
};

const BEHAVIOUR_WORDS: Record<CardBehaviour, string> = {
  succeeds: 'succeeds',
  declines: 'declines',
  requires_action: 'asks for 3-D Secure',
  pending: 'settles after 30 s',
};

/** The account's cards and subscriptions, and the buttons that make a card payment go wrong. */
function cardsSection(account: SimAccount, scoped: SimAccount | undefined): string {
  const { state } = account;
  const cards = state.paymentMethods
    .map(
      (p) =>
        `<tr data-card="${escapeHtml(p.id)}"><td>${escapeHtml(p.brand)} ${escapeHtml(p.last4)}${p.isDefault ? ' (default)' : ''}</td><td data-testid="card-behaviour">${escapeHtml(BEHAVIOUR_WORDS[behaviourOf(p)])}</td></tr>`,
    )
    .join('');
  const subs = state.subscriptions
    .map(
      (s) =>
        `<li data-subscription="${s.id}">#${s.id}: <span data-testid="subscription-status">${escapeHtml(s.status)}</span></li>`,
    )
    .join('');
  const pending = [...state.payments.values()].filter((p) => p.status === 'pending').length;
  const button = (action: string, label: string, testId: string) => {
    const target = forAccount(`./_control/${action}`, scoped);
    const href = action.includes('?') && scoped ? target.replace('?account=', '&account=') : target;
    return `<form method="post" action="${escapeHtml(href)}"><button class="control" type="submit" data-testid="${testId}">${escapeHtml(label)}</button></form>`;
  };
  return `<h3>Cards</h3><table><tr><th>Card</th><th>A charge</th></tr>${cards}</table>
<h3>Subscriptions</h3>${subs ? `<ul>${subs}</ul>` : '<p>None.</p>'}
<p>Pending card payments: <strong data-testid="pending-payments">${pending}</strong></p>
<p>${button('add-card?behaviour=declines', 'Add a declining card', 'add-declining-card')}${button('add-card?behaviour=requires_action', 'Add a 3-D Secure card', 'add-3ds-card')}${button('add-card?behaviour=pending', 'Add a pending card', 'add-pending-card')}</p>
<p>${button('past-due', 'Make the subscription past due', 'make-past-due')}${button('settle-payments', 'Settle pending payments', 'settle-payments')}</p>`;
}

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
<h3>Open checkout sessions</h3>${open ? `<ul>${open}</ul>` : '<p>None.</p>'}
${cardsSection(account, many ? account : isOriginal ? undefined : account)}</section>`;
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
