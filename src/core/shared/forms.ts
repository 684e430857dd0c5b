/**
 * Forms: the neutral model of a dialog the engine asks a platform to show (Slack: a modal via
 * `views.open` with the event's trigger id; Discord: an interaction's modal response, type 9; the
 * playground: an HTML dialog), and the submission that comes back as a FormEvent.
 *
 * Adapters render a FormSpec and turn a submission into a FormEvent; every rule about the values
 * (what is valid, who may submit, what happens) lives in core. A form's `name` routes the
 * submission; `context` is opaque to adapters (Slack `private_metadata`, Discord's custom_id tail),
 * and is never trusted for authorisation: the submitter is checked again on submit.
 */

/** Forms core knows. */
export const FORM_NAMES = [
  'connect',
  'settings_approvals',
  'settings_limits',
  'settings_alerts',
  'settings_spending',
  'settings_escalation',
  'settings_language',
  // A tenant's engine answers these (core/workspace/routes.ts ENGINE_FORMS).
  'fund',
  'deny',
  'coupon',
  'topup_amount',
  'billing_contact',
  'billing_address',
] as const;
export type FormName = (typeof FORM_NAMES)[number];

const FORM_NAME_SET: ReadonlySet<string> = new Set(FORM_NAMES);
export function isFormName(name: string): name is FormName {
  return FORM_NAME_SET.has(name);
}

/**
 * One input. Discord modals hold at most 5 inputs and only text inputs are relied on there, so
 * every kind must degrade to a text input: pickers (`users`, `usergroups`, `roles`, `channel`)
 * become a text field of ids or mentions, `toggle` a yes/no text field.
 */
export type FormFieldKind =
  /** A secret (an API token): never prefilled, never echoed back, never logged. */
  | 'secret'
  | 'text'
  /** A dollar amount or a whole number; `hint` states the rule. */
  | 'number'
  /** People (Slack: multi_users_select). */
  | 'users'
  /** Slack user groups (S…), typed as ids. */
  | 'usergroups'
  /** Discord roles. */
  | 'roles'
  /** One channel (Slack: conversations_select; Discord: channel id or mention). */
  | 'channel'
  /** Yes or no (Slack: a checkbox; elsewhere a text field "yes"/"no"). */
  | 'toggle';

export interface FormField {
  /** Key of the value in the submission (≤ 40 chars, `[a-z_]`). */
  readonly id: string;
  readonly kind: FormFieldKind;
  readonly label: string;
  /** The rule, shown under the field (Slack `hint`, Discord placeholder). */
  readonly hint?: string;
  /** Current value, prefilled (never for `secret`). Pickers: ids. */
  readonly initial?: string | readonly string[];
  readonly optional?: boolean;
  /** Longest text accepted (Discord max_length, Slack max_length). */
  readonly maxLength?: number;
}

export interface FormSpec {
  readonly name: FormName;
  /** ≤ 24 chars (Slack's modal title limit). */
  readonly title: string;
  readonly submitLabel: string;
  /** The close button, in the form's language (Slack's modal Cancel, the playground's dialog). */
  readonly cancelLabel?: string;
  /** At most 5 fields, so every platform can show it. */
  readonly fields: readonly FormField[];
  /** Opaque round-trip value (≤ 80 chars). */
  readonly context?: string;
  /** A line above the fields. */
  readonly intro?: string;
}

/** Submitted values by field id: text as typed (trimmed by core), pickers as id lists. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

/** Per-field messages for an invalid submission (Slack shows them inline: `response_action: errors`). */
export type FieldErrors = Readonly<Record<string, string>>;
