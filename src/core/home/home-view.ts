/**
 * The App Home content: three sections (balance, open requests, recent receipts) as Replies;
 * Slack renders them one under the other in the Home tab, other platforms may ignore it.
 */

import { statusLabel } from '../requests/card.ts';
import { paidAttempt } from '../requests/queries.ts';
import type { PaymentRequest } from '../requests/request.ts';
import { formatTime, whatFor } from '../shared/format.ts';
import type { Texts } from '../shared/i18n.ts';
import { formatUsd } from '../shared/money.ts';
import type { Balance } from '../shared/ports.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';

export function homeBalance(balance: Balance | undefined): Reply {
  return balance
    ? {
        title: `Balance: ${formatUsd(balance.balanceCents)} ${balance.currency}`,
        text: 'Top up with /ml-fund, details with /ml-balance.',
        tone: 'info',
      }
    : { title: 'Balance', text: 'ModelsLab is not answering right now; try again in a minute.', tone: 'warning' };
}

export function homeOpenRequests(t: Texts, open: readonly PaymentRequest[]): Reply {
  return {
    title: `Open requests (${open.length})`,
    text: open.length
      ? open
          .slice(0, 10)
          .map(
            (r) =>
              `${r.id} · ${r.purpose} ${whatFor(t, r)} · ${statusLabel(t, r.state)} · ${mentionUser(r.requester.id)}`,
          )
          .join('\n')
      : 'No open requests.',
    tone: 'neutral',
  };
}

export function homeReceipts(t: Texts, paid: readonly PaymentRequest[]): Reply {
  return {
    title: 'Recent receipts',
    text: paid.length
      ? paid
          .map((r) => {
            const when = paidAttempt(r)?.confirmedAt ?? r.updatedAt;
            return `${formatTime(when)} · ${whatFor(t, r)} · ${mentionUser(r.payer.id)} · ${r.id}`;
          })
          .join('\n')
      : 'No payments yet.',
    tone: 'success',
  };
}
