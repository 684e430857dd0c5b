/** English, the catalog's reference language: one import per room. */
import { alerts } from './alerts.ts';
import { common } from './common.ts';
import { coupons } from './coupons.ts';
import { home } from './home.ts';
import { subscriptions } from './subscriptions.ts';
import { wallet } from './wallet.ts';
import { workspace } from './workspace.ts';

export const EN = {
  ...alerts,
  ...common,
  ...coupons,
  ...home,
  ...subscriptions,
  ...wallet,
  ...workspace,
} as const;

export type MessageKey = keyof typeof EN;

/** A language's version of one English room file: every key, nothing else. */
export type Translation<T> = { readonly [K in keyof T]: string };
