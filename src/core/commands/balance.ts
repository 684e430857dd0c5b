/** `/ml-balance [public]`: the wallet balance and the last 5 transactions, privately unless `public`. */
import { isBotError } from '../errors.ts';
import type { CommandSpec } from '../handler.ts';
import { formatUsd } from '../money.ts';
import { refusal } from '../views/notices.ts';

export const balanceCommand: CommandSpec = {
  name: 'balance',
  usage: '/ml-balance [public]',
  example: '/ml-balance public',
  summary: 'Wallet balance and the last 5 transactions (add "public" to show it to the channel).',
  async run({ s, args, respond }) {
    const isPublic = args.trim().toLowerCase() === 'public';
    try {
      const [balance, page] = await Promise.all([
        s.billing.getBalance(),
        s.billing.listTransactions({ limit: 5, offset: 0 }),
      ]);
      const lines = page.items.map(
        (t) =>
          `${t.createdAt.slice(0, 10)} · ${t.type === 'credit' ? '+' : '−'}${formatUsd(t.amountCents)} · ${t.usecase || t.status}`,
      );
      await respond.reply({
        title: `ModelsLab balance: ${formatUsd(balance.balanceCents)}`,
        text: lines.length ? 'Last transactions:' : 'No transactions yet.',
        fields: lines.map((value, i) => ({ label: `#${i + 1}`, value })),
        tone: 'info',
        ...(isPublic ? {} : { ephemeral: true }),
      });
    } catch (err) {
      if (!isBotError(err)) throw err;
      s.logger.warn({ err }, 'balance lookup failed');
      await respond.reply(
        refusal('ModelsLab is not answering right now, so I cannot show the balance. Try again in a minute.'),
      );
    }
  },
};
