/**
 * Forms on Discord: a FormSpec becomes a modal (the interaction callback of type 9), and a modal
 * submit comes back as a FormEvent. Discord modals only hold text inputs that every client
 * shows (at most 5), so every field kind is a text input here; pickers take ids or mentions and
 * core parses them. Discord shows no inline errors in a modal: a refusal is a private message
 * listing each field's rule (adapter.ts).
 */
import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from 'discord.js';
import type { FormName } from '../../src/core/shared/forms.ts';
import {
  type FieldErrors,
  type FormField,
  type FormSpec,
  type FormValues,
  isFormName,
} from '../../src/core/shared/forms.ts';
import type { Texts } from '../../src/core/shared/i18n.ts';
import type { Button, Reply } from '../../src/core/shared/reply.ts';

/** custom_id of every modal this bot shows: `mlbot_form:<name>:<context>`. */
export const FORM_CUSTOM_ID_PREFIX = 'mlbot_form:';

/** Discord's modal limits (developers/interactions/receiving-and-responding, components reference). */
export const MODAL_LIMITS = {
  customId: 100,
  title: 45,
  inputs: 5,
  label: 45,
  description: 100,
  placeholder: 100,
  value: 4000,
  textDisplay: 4000,
} as const;

/**
 * The form can no longer be shown: the interaction was already answered (the safety defer ran
 * after ~2.2 s, or the engine replied first), or the interaction is itself a modal submit,
 * which Discord does not let answer with another modal. The caller answers with a reply saying
 * how to try again. Stable code `form_unavailable` (core may define the same error; match on it).
 */
export class FormUnavailableError extends Error {
  readonly code = 'form_unavailable' as const;
  constructor(message: string) {
    super(message);
    this.name = 'FormUnavailableError';
  }
}

function cut(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Kinds holding a list (ids or mentions): a paragraph, so a long list stays readable. */
const LIST_KINDS: ReadonlySet<FormField['kind']> = new Set(['users', 'usergroups', 'roles']);

function initialText(field: FormField): string | undefined {
  // A secret is never prefilled: Discord would send it back to the client in the modal.
  if (field.kind === 'secret' || field.initial === undefined) return undefined;
  const text = typeof field.initial === 'string' ? field.initial : field.initial.join(', ');
  return text === '' ? undefined : text.slice(0, field.maxLength ?? MODAL_LIMITS.value);
}

export function formCustomId(form: Pick<FormSpec, 'name' | 'context'>): string {
  const id = `${FORM_CUSTOM_ID_PREFIX}${form.name}:${form.context ?? ''}`;
  // A programming error in core's form (not a platform failure): the context must be short.
  if (id.length > MODAL_LIMITS.customId)
    throw new Error(`form ${form.name}: context too long for a Discord custom_id (${id.length} > 100 characters)`);
  return id;
}

/** `mlbot_form:<name>:<context>` back to its parts; undefined for a modal that is not one of ours. */
export function parseFormCustomId(customId: string): { form: FormName; context?: string } | undefined {
  if (!customId.startsWith(FORM_CUSTOM_ID_PREFIX)) return undefined;
  const rest = customId.slice(FORM_CUSTOM_ID_PREFIX.length);
  const colon = rest.indexOf(':');
  const name = colon < 0 ? rest : rest.slice(0, colon);
  if (!isFormName(name)) return undefined;
  const context = colon < 0 ? '' : rest.slice(colon + 1);
  return context ? { form: name, context } : { form: name };
}

/**
 * FormSpec -> the modal callback data. Each field is a Label (its text, and the rule as the
 * description under it) around a text input whose placeholder repeats the rule. The intro is a
 * text display above the fields when there is room (5 components at most).
 */
export function buildModal(form: FormSpec): APIModalInteractionResponseCallbackData {
  if (form.fields.length === 0 || form.fields.length > MODAL_LIMITS.inputs)
    throw new Error(`form ${form.name}: a Discord modal holds 1 to 5 fields, not ${form.fields.length}`);
  const labels = form.fields.map((field) => {
    const value = initialText(field);
    const hint = field.hint ? cut(field.hint, MODAL_LIMITS.placeholder) : undefined;
    const style =
      LIST_KINDS.has(field.kind) || (field.maxLength ?? 0) > 200 ? TextInputStyle.Paragraph : TextInputStyle.Short;
    return {
      type: ComponentType.Label as const,
      label: cut(field.label, MODAL_LIMITS.label),
      ...(hint ? { description: cut(hint, MODAL_LIMITS.description) } : {}),
      component: {
        type: ComponentType.TextInput as const,
        custom_id: field.id,
        style,
        required: !field.optional,
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, MODAL_LIMITS.value) } : {}),
        ...(hint ? { placeholder: hint } : {}),
        ...(value !== undefined ? { value } : {}),
      },
    };
  });
  const intro =
    form.intro && form.fields.length < MODAL_LIMITS.inputs
      ? [{ type: ComponentType.TextDisplay as const, content: cut(form.intro, MODAL_LIMITS.textDisplay) }]
      : [];
  return {
    custom_id: formCustomId(form),
    title: cut(form.title, MODAL_LIMITS.title),
    components: [...intro, ...labels],
  };
}

/** What the member typed, by field id (text inputs only; an empty optional field is ''). */
export function formValuesOf(interaction: ModalSubmitInteraction): FormValues {
  const values: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if (field.type === ComponentType.TextInput) values[id] = field.value;
  }
  return values;
}

/**
 * The button that opens `form` again (core's `connect` and `settings` actions): a modal cannot be
 * shown from a modal submit, but a click on this can show one.
 */
export function reopenButton(t: Texts, form: FormName, context?: string): Button | undefined {
  const label = t.t('adapters.form_reopen');
  if (form === 'connect') return { kind: 'action', action: 'connect', value: '', label };
  // The engine's forms: the button that opened them opens them again (the Deny one names its request).
  if (form === 'fund') return { kind: 'action', action: 'fund_form', value: '', label };
  if (form === 'topup_amount') return { kind: 'action', action: 'topup_custom', value: '', label };
  if (form === 'deny' && context) return { kind: 'action', action: 'deny', value: context, label };
  const section = form.startsWith('settings_') ? form.slice('settings_'.length) : undefined;
  return section ? { kind: 'action', action: 'settings', value: section, label, style: 'primary' } : undefined;
}

/**
 * A refused submission: Discord cannot show errors inside the modal, so each field's rule is
 * listed in a private message, with a button to open the form again. Fields are named by their
 * id (the submit carries no labels); what was typed is not repeated.
 */
export function formErrorsReply(t: Texts, errors: FieldErrors, form?: FormName, context?: string): Reply {
  const fields = Object.entries(errors).map(([id, message]) => ({ label: id.replace(/_/g, ' '), value: message }));
  const again = form ? reopenButton(t, form, context) : undefined;
  return {
    title: t.t('adapters.form_errors_title'),
    text: t.t('adapters.form_errors_text'),
    fields,
    tone: 'warning',
    ephemeral: true,
    ...(again ? { buttons: [again] } : {}),
  };
}
