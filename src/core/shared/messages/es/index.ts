/** Spanish: one import per room, each complete against its English file. */
import type { EN } from '../en/index.ts';
import { alerts } from './alerts.ts';
import { common } from './common.ts';
import { coupons } from './coupons.ts';
import { home } from './home.ts';
import { subscriptions } from './subscriptions.ts';
import { wallet } from './wallet.ts';
import { workspace } from './workspace.ts';

export const ES: { readonly [K in keyof typeof EN]: string } = {
  ...alerts,
  ...common,
  ...coupons,
  ...home,
  ...subscriptions,
  ...wallet,
  ...workspace,
};
