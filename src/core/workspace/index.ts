/**
 * The front door of the workspace room: everything about tenants that is a rule. The router
 * (the one inbound port of a deployment with tenants), which events open a form, the desk's
 * commands for help, the settings' rules (config.ts may reuse them), settings ↔ policy, and the
 * installer's welcome DM.
 */
export { WORKSPACE_COMMANDS } from './commands.ts';
export { connectForm, MAX_TOKEN_CHARS, operatorAnswer, TOKEN_FIELD, tokenRule } from './connect.ts';
export { WorkspaceDesk, type WorkspaceDeskDeps } from './desk.ts';
export { type LanguageDeps, textsOfActor, workspaceLocale } from './language.ts';
export { NOT_CONNECTED_RULE, notConnectedHome, notConnectedReply, unknownTenantReply } from './not-connected.ts';
export { adminRule, adminsOf, mayAdminister } from './permissions.ts';
export { TenantRouter, type TenantRouterDeps } from './router.ts';
export { DESK_COMMANDS, type DeskCommand, deskCommandOf, opensForm, type Route, routeOf } from './routes.ts';
export { FORM_OF, sectionOfForm, settingsForm } from './settings-forms.ts';
export { readSection, type SectionRead } from './settings-forms-read.ts';
export { defaultSettings, settingsToPolicy } from './settings-policy.ts';
export {
  APPROVAL_TTL_HOURS,
  type ApproverKind,
  checkLowBalanceHasChannel,
  checkMaxFundCents,
  checkSpendControls,
  MAX_APPROVERS,
  parseApprovers,
  parseChannel,
  parseLanguage,
  parseUsdSetting,
  parseWholeNumber,
  parseYesNo,
  REMINDER_HOURS,
  REQUESTS_PER_MINUTE,
  type RuleResult,
  type SpendControlField,
  type SpendControlProblem,
  type SpendControlValues,
} from './settings-rules.ts';
export {
  isSection,
  languageChoices,
  SECTIONS,
  type SettingChange,
  type SettingsSection,
  settingsDiff,
  settingsSummary,
} from './settings-view.ts';
export { installWelcome } from './welcome.ts';
