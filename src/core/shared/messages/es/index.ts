/** Spanish: one import per room, each complete against its English file. */
import type { EN } from '../en/index.ts';
import { common } from './common.ts';
import { discordCommands } from './discord-commands.ts';

export const ES: { readonly [K in keyof typeof EN]: string } = {
  ...common,
  ...discordCommands,
};
