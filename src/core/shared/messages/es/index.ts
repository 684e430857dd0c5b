/** Spanish: one import per room, each complete against its English file. */
import type { EN } from '../en/index.ts';
import { adapters } from './adapters.ts';
import { admin } from './admin.ts';
import { alerts } from './alerts.ts';
import { billingDetails } from './billing-details.ts';
import { cardCharge } from './card-charge.ts';
import { cards } from './cards.ts';
import { common } from './common.ts';
import { coupons } from './coupons.ts';
import { discordCommands } from './discord-commands.ts';
import { engine } from './engine.ts';
import { forms } from './forms.ts';
import { fund } from './fund.ts';
import { help } from './help.ts';
import { home } from './home.ts';
import { report } from './report.ts';
import { requests } from './requests.ts';
import { shared } from './shared.ts';
import { subPayments } from './sub-payments.ts';
import { subscriptions } from './subscriptions.ts';
import { wallet } from './wallet.ts';
import { workspace } from './workspace.ts';

export const ES: { readonly [K in keyof typeof EN]: string } = {
  ...adapters,
  ...admin,
  ...alerts,
  ...billingDetails,
  ...cardCharge,
  ...cards,
  ...common,
  ...coupons,
  ...discordCommands,
  ...engine,
  ...forms,
  ...fund,
  ...help,
  ...home,
  ...report,
  ...requests,
  ...shared,
  ...subPayments,
  ...subscriptions,
  ...wallet,
  ...workspace,
};
