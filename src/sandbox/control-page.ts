/**
 * The sandbox controls page (GET /_control): what the simulated account holds right now (wallet,
 * coupons and whether each is still usable, open checkout sessions) and the buttons that put it
 * back: "Reset coupons" makes every seeded code usable again, so both the member path and the
 * approver path of WELCOME10 can be tried; "Reset everything" returns to the seed data.
 * Links are relative to /_control because the app mounts the simulator under /sandbox.
 */
import { dollars, escapeHtml, humanTime, layout, type Page } from './html.ts';
import type { CheckoutSessionRecord, CouponRecord } from './model.ts';
import type { SimState } from './state.ts';

export type ControlDone = 'coupons' | 'everything';

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

export function controlPage(state: SimState, stateFile: string | undefined, done: string | null): Page {
  const now = state.now();
  const notice =
    done === 'coupons'
      ? '<p class="done" data-testid="done">Coupons reset: every code is as it was at the start.</p>'
      : done === 'everything'
        ? '<p class="done" data-testid="done">Everything reset to the seed data.</p>'
        : '';
  const coupons = [...state.coupons.values()]
    .map(
      (c) =>
        `<tr data-coupon="${escapeHtml(c.code)}"><td><code>${escapeHtml(c.code)}</code></td><td>${escapeHtml(couponEffect(c))}</td><td data-testid="coupon-state">${escapeHtml(couponStanding(c, now))}</td></tr>`,
    )
    .join('');
  const open = [...state.sessions.keys()]
    .map((id) => state.session(id))
    .filter((s): s is CheckoutSessionRecord => s?.status === 'open')
    .map(
      (s) =>
        `<li><a href="./checkout/${encodeURIComponent(s.id)}">${escapeHtml(dollars(s.amountCents))} ${escapeHtml(s.purpose)}</a>, expires ${escapeHtml(humanTime(s.expiresAt, now))}</li>`,
    )
    .join('');
  const where = stateFile
    ? `Kept in <code>${escapeHtml(stateFile)}</code>: a restart resumes from it.`
    : 'Kept in memory: every start begins from the seed data.';
  return {
    status: 200,
    html: layout(
      'Sandbox controls · ModelsLab',
      `<h1>Sandbox controls</h1><p class="merchant">The simulated ModelsLab account behind the playground.</p>${notice}
<p>Wallet: <strong data-testid="balance">${escapeHtml(dollars(state.balanceCents))}</strong></p>
<h2>Coupons</h2><table><tr><th>Code</th><th>Does</th><th>Now</th></tr>${coupons}</table>
<p><form method="post" action="./_control/reset-coupons"><button class="control" type="submit" data-testid="reset-coupons">Reset coupons</button></form></p>
<h2>Open checkout sessions</h2>${open ? `<ul>${open}</ul>` : '<p>None.</p>'}
<h2>State</h2><p>${where}</p>
<p><form method="post" action="./_control/reset"><button class="cancel" type="submit" data-testid="reset-all">Reset everything</button></form></p>
<p class="merchant">Reset everything forgets every checkout session: a request still awaiting payment then fails as unknown to ModelsLab.</p>`,
      'mlbot sandbox controls',
    ),
  };
}
