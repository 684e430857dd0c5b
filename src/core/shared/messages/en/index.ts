/** English, the catalog's reference language: one import per room. */
import { adapters } from './adapters.ts';
import { admin } from './admin.ts';
import { common } from './common.ts';
import { engine } from './engine.ts';
import { help } from './help.ts';
import { report } from './report.ts';

export const EN = {
  ...adapters,
  ...admin,
  ...common,
  ...engine,
  ...help,
  ...report,
} as const;

export type MessageKey = keyof typeof EN;

/** A language's version of one English room file: every key, nothing else. */
export type Translation<T> = { readonly [K in keyof T]: string };
