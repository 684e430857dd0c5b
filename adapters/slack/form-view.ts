/**
 * FormSpec → a Slack modal (views.open), and a view_submission's state → FormValues. Each
 * field is one input block whose block_id and action_id are the field id, so core's FieldErrors
 * (keyed by field id) are exactly the `errors` Slack wants in a `response_action: errors` ack.
 * Slack has no masked input: a `secret` is a plain text input that is never prefilled and whose
 * value is never rendered back anywhere.
 */
import { MessengerError } from '../../src/core/shared/errors.ts';
import {
  type FormField,
  type FormName,
  type FormSpec,
  type FormValues,
  isFormName,
} from '../../src/core/shared/forms.ts';

export const FORM_CALLBACK_PREFIX = 'mlbot_form:';
const TITLE_MAX = 24;
const LABEL_MAX = 2000;
const HINT_MAX = 2000;
const TOGGLE_ON = 'yes';

/** The form can no longer be shown (trigger older than Slack's 3 s, or already used). */
export class FormUnavailableError extends MessengerError {}

/** What the modal carries back: the form's opaque context, where it was opened, and the team. */
export interface FormMetadata {
  readonly context?: string;
  readonly channel?: string;
  readonly team?: string;
}

type Block = Record<string, unknown>;

const plain = (text: string, max: number) => ({ type: 'plain_text', text: text.slice(0, max), emoji: true });

function element(field: FormField): Block {
  const initial = field.initial;
  const initialText = Array.isArray(initial) ? initial.join(', ') : (initial as string | undefined);
  const textInput = (prefill: boolean): Block => ({
    type: 'plain_text_input',
    action_id: field.id,
    ...(prefill && initialText ? { initial_value: initialText } : {}),
    ...(field.maxLength ? { max_length: field.maxLength } : {}),
  });
  switch (field.kind) {
    case 'secret':
      return textInput(false);
    case 'users':
      return {
        type: 'multi_users_select',
        action_id: field.id,
        ...(Array.isArray(initial) && initial.length > 0 ? { initial_users: [...initial] } : {}),
      };
    case 'channel':
      return {
        type: 'conversations_select',
        action_id: field.id,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(typeof initial === 'string' && initial !== '' ? { initial_conversation: initial } : {}),
      };
    case 'toggle': {
      const option = { text: plain(field.label, 75), value: TOGGLE_ON };
      const on = initial === TOGGLE_ON || initial === 'true';
      return {
        type: 'checkboxes',
        action_id: field.id,
        options: [option],
        ...(on ? { initial_options: [option] } : {}),
      };
    }
    default:
      // text, number, usergroups (S… ids), roles (Discord's; text here).
      return textInput(true);
  }
}

function inputBlock(field: FormField): Block {
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, LABEL_MAX),
    element: element(field),
    // An unticked checkbox is "no", not a missing answer.
    optional: field.optional === true || field.kind === 'toggle',
    ...(field.hint ? { hint: plain(field.hint, HINT_MAX) } : {}),
  };
}

export function renderFormView(form: FormSpec, meta: FormMetadata): Record<string, unknown> {
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: form.intro } });
  blocks.push(...form.fields.slice(0, 5).map(inputBlock));
  const metadata: FormMetadata = {
    ...(form.context !== undefined ? { context: form.context } : {}),
    ...(meta.channel ? { channel: meta.channel } : {}),
    ...(meta.team ? { team: meta.team } : {}),
  };
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.name}`,
    title: plain(form.title, TITLE_MAX),
    submit: plain(form.submitLabel, 24),
    // Without one, Slack shows its own Cancel.
    ...(form.cancelLabel ? { close: plain(form.cancelLabel, 24) } : {}),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

export function formNameOf(callbackId: string): FormName | undefined {
  if (!callbackId.startsWith(FORM_CALLBACK_PREFIX)) return undefined;
  const name = callbackId.slice(FORM_CALLBACK_PREFIX.length);
  return isFormName(name) ? name : undefined;
}

export function parseFormMetadata(raw: string | undefined): FormMetadata {
  try {
    const m = JSON.parse(raw ?? '{}') as Record<string, unknown>;
    return {
      ...(typeof m.context === 'string' ? { context: m.context } : {}),
      ...(typeof m.channel === 'string' ? { channel: m.channel } : {}),
      ...(typeof m.team === 'string' ? { team: m.team } : {}),
    };
  } catch {
    return {};
  }
}

interface StateValue {
  readonly type?: string;
  readonly value?: string | null;
  readonly selected_users?: string[];
  readonly selected_conversation?: string | null;
  readonly selected_options?: Array<{ value: string }>;
}

/** `view.state.values` (block id → action id → value) → values by field id. */
export function formValuesOf(state: { values?: Record<string, Record<string, StateValue>> } | undefined): FormValues {
  const out: Record<string, string | readonly string[]> = {};
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    const v = actions[blockId] ?? Object.values(actions)[0];
    if (!v) continue;
    switch (v.type) {
      case 'multi_users_select':
        out[blockId] = [...(v.selected_users ?? [])];
        break;
      case 'conversations_select':
        out[blockId] = v.selected_conversation ?? '';
        break;
      case 'checkboxes':
        out[blockId] = (v.selected_options ?? []).some((o) => o.value === TOGGLE_ON) ? 'yes' : 'no';
        break;
      default:
        out[blockId] = v.value ?? '';
    }
  }
  return out;
}
