/** Spanish: one import per room, each complete against its English file. */
import type { EN } from '../en/index.ts';
import { common } from './common.ts';
import { fund } from './fund.ts';
import { requests } from './requests.ts';
import { shared } from './shared.ts';

export const ES: { readonly [K in keyof typeof EN]: string } = { ...common, ...fund, ...requests, ...shared };
