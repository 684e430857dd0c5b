/**
 * The front door of the admin room: the help list, which the workspace room shows to a tenant
 * that has no engine yet (no ModelsLab account connected).
 */
export { helpReply } from './help.ts';
export { HELP_TEXTS, helpSummary } from './help-texts.ts';
