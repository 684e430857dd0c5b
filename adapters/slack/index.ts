export type { SlackAdapter, SlackAdapterOptions } from './adapter.ts';
export { createSlackAdapter } from './adapter.ts';
export { createSlackFormatter, escapeSlackText } from './format.ts';
export type { HomeProvider } from './home.ts';
export { SlackMessenger } from './messenger.ts';
export { type RenderedMessage, renderReply } from './render.ts';
