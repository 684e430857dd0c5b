export type { SlackAdapter, SlackAdapterOptions, SlackOAuthOptions } from './adapter.ts';
export { createSlackAdapter, SLACK_BOT_SCOPES } from './adapter.ts';
export { FormUnavailableError } from './form-view.ts';
export { createSlackFormatter, escapeSlackText } from './format.ts';
export type { HomeProvider } from './home.ts';
export {
  createSlackInstallationStore,
  type SecretBox,
  type SlackInstallationStoreDeps,
} from './installation-store.ts';
export { SlackMessenger } from './messenger.ts';
export { type RenderedMessage, renderReply } from './render.ts';
