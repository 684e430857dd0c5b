/**
 * The App Home content: three sections (balance, open requests, recent receipts) as Replies;
 * Slack renders them one under the other in the Home tab, other platforms may ignore it.
 */

import { statusLabel } from '../requests/card.ts';
import { paidAttempt } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Balance } from '../shared/ports.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';

export function homeBalance(t: Texts, balance: Balance | undefined): Reply {
  return balance
    ? {
        title: t.t('home.balance_title', { amount: t.money(balance.balanceCents), currency: balance.currency }),
        text: t.t('home.balance_text'),
        tone: 'info',
      }
    : { title: t.t('home.balance_unknown_title'), text: t.t('home.balance_unknown_text'), tone: 'warning' };
}

export function homeOpenRequests(t: Texts, open: readonly PaymentRequest[]): Reply {
  return {
    title: t.t('home.open_title', { count: open.length }),
    text: open.length
      ? open
          .slice(0, 10)
          .map((r) =>
            t.t('home.open_line', {
              id: r.id,
              purpose: r.purpose,
              what: whatFor(t, r),
              status: statusLabel(t, r.state),
              who: mentionUser(r.requester.id),
            }),
          )
          .join('\n')
      : t.t('home.open_none'),
    tone: 'neutral',
  };
}

export function homeReceipts(t: Texts, paid: readonly PaymentRequest[]): Reply {
  return {
    title: t.t('home.receipts_title'),
    text: paid.length
      ? paid
          .map((r) =>
            t.t('home.receipt_line', {
              when: t.time(paidAttempt(r)?.confirmedAt ?? r.updatedAt),
              what: whatFor(t, r),
              who: mentionUser(r.payer.id),
              id: r.id,
            }),
          )
          .join('\n')
      : t.t('home.receipts_none'),
    tone: 'success',
  };
}
