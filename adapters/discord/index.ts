/** The Discord adapter's public surface (src/app.ts wires it). */
export {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordAdapterOptions,
  type GuildJoined,
} from './adapter.ts';
export {
  buildCommands,
  COMMAND_NAMES,
  clearGlobalCommands,
  listBotGuilds,
  type RegisterCommandsOptions,
  registerCommands,
  registerCommandsInEveryGuild,
} from './commands.ts';
export { DiscordFormatter, escapeLiteral, neutraliseMentions, truncate } from './format.ts';
export {
  buildModal,
  FORM_CUSTOM_ID_PREFIX,
  FormUnavailableError,
  formCustomId,
  formErrorsReply,
  parseFormCustomId,
  reopenButton,
} from './forms.ts';
export { DiscordMessenger } from './messenger.ts';
export { type RenderedMessage, renderReply } from './render.ts';
export { FIRST_RESPONSE_DEADLINE_MS } from './responder.ts';
