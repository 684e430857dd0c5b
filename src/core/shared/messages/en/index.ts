/** English, the catalog's reference language: one import per room. */
import { common } from './common.ts';
import { fund } from './fund.ts';
import { requests } from './requests.ts';
import { shared } from './shared.ts';

export const EN = { ...common, ...fund, ...requests, ...shared } as const;

export type MessageKey = keyof typeof EN;

/** A language's version of one English room file: every key, nothing else. */
export type Translation<T> = { readonly [K in keyof T]: string };
