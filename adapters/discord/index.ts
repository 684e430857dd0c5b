/** The Discord adapter's public surface (src/app.ts wires it). */
export {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from './adapter.ts';
export { buildCommands, COMMAND_NAMES, type RegisterCommandsOptions, registerCommands } from './commands.ts';
export { DiscordFormatter, escapeLiteral, neutraliseMentions, truncate } from './format.ts';
export { DiscordMessenger } from './messenger.ts';
export { type RenderedMessage, renderReply } from './render.ts';
