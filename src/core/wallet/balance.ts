/**
 * `/ml-balance [public]`: balance, currency, auto-recharge state and the last 5 transactions,
 * privately unless `public`.
 */

import { monthSpend, spendLines } from '../requests/budget.ts';
import { userRef } from '../requests/queries.ts';
import { callBilling } from '../shared/billing-call.ts';
import { isBotError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { AutoFunding } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import { autoRechargeLine, transactionLine } from './ledger-view.ts';

/** Auto-recharge is a detail of the balance answer: if it cannot be read, say so and carry on. */
async function autoFundingOrUnknown(s: EngineServices): Promise<AutoFunding | undefined> {
  try {
    return await s.billing.getAutoFunding();
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'auto-funding lookup failed');
    return undefined;
  }
}

export const balanceCommand: CommandSpec = {
  name: 'balance',
  usage: '/ml-balance [public]',
  example: '/ml-balance public',
  summary: 'Wallet balance, auto-recharge and the last 5 transactions (add "public" to show it to the channel).',
  async run({ s, event, args, respond, t }) {
    const isPublic = args.trim().toLowerCase() === 'public';
    const loaded = await callBilling(s, respond, 'show the balance', () =>
      Promise.all([
        s.billing.getBalance(),
        s.billing.listTransactions({ limit: 5, offset: 0 }),
        autoFundingOrUnknown(s),
      ]),
    );
    if (!loaded) return;
    const [balance, page, auto] = loaded;
    const lines = page.items.map((tx) => transactionLine(tx, t));
    // Budgets set: this month's confirmed spending beside each (unset: the answer is as before).
    // A public answer names no member's figure but the workspace's.
    const spend = await monthSpend(s, userRef(event.actor));
    const spent = spend ? spendLines(t, spend, 'You', { member: !isPublic }) : [];
    await respond.reply({
      title: t.t('wallet.balance_title', { amount: t.money(balance.balanceCents) }),
      text: lines.length ? t.t('wallet.last_transactions', { lines: lines.join('\n') }) : t.t('wallet.no_transactions'),
      fields: [
        { label: t.t('wallet.field_balance'), value: t.money(balance.balanceCents), short: true },
        { label: t.t('wallet.field_currency'), value: balance.currency, short: true },
        { label: t.t('wallet.field_auto'), value: autoRechargeLine(auto, t) },
        ...spent.map((value) => ({ label: t.t('wallet.field_budget'), value })),
      ],
      tone: 'info',
      ...(isPublic ? {} : { ephemeral: true }),
    });
  },
};
