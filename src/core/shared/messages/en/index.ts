/** English, the catalog's reference language: one import per room. */
import { common } from './common.ts';
import { discordCommands } from './discord-commands.ts';

export const EN = {
  ...common,
  ...discordCommands,
} as const;

export type MessageKey = keyof typeof EN;

/** A language's version of one English room file: every key, nothing else. */
export type Translation<T> = { readonly [K in keyof T]: string };
