/** Spanish: one import per room, each complete against its English file. */
import type { EN } from '../en/index.ts';
import { adapters } from './adapters.ts';
import { admin } from './admin.ts';
import { common } from './common.ts';
import { engine } from './engine.ts';
import { help } from './help.ts';
import { report } from './report.ts';

export const ES: { readonly [K in keyof typeof EN]: string } = {
  ...adapters,
  ...admin,
  ...common,
  ...engine,
  ...help,
  ...report,
};
