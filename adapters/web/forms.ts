/**
 * The playground's forms: what `Responder.openForm` shows as an HTML dialog on one person's page,
 * and what comes back when they submit it.
 *
 * An open form is kept here, in memory, with the conversation it was opened from; the page gets
 * only what it needs to draw the dialog (never an initial value of a `secret` field) and a random
 * id. A submission names that id, so a page cannot submit a form it was not shown, nor change its
 * name or context (which stay here, as Slack keeps a view's private_metadata). Submitted values are
 * never written anywhere: not to the conversation log, not to the log lines.
 */
import { randomUUID } from 'node:crypto';
import type { FieldErrors, FormFieldKind, FormSpec, FormValues } from '../../src/core/shared/forms.ts';
import type { ConversationRef } from '../../src/core/shared/types.ts';

/** How long an unsubmitted form can still be submitted (Slack keeps a view open about as long). */
const FORM_TTL_MS = 30 * 60_000;
/** Open forms kept per person; an older one beyond that is dropped, as a newer modal replaces it. */
const FORMS_PER_PERSON = 3;
/** The longest text taken in a field without a maxLength of its own. */
const MAX_FIELD_CHARS = 4000;
/** Picker fields: at most this many ids. */
const MAX_IDS = 50;

const PICKERS: ReadonlySet<FormFieldKind> = new Set(['users', 'usergroups', 'roles', 'channel']);

export interface WebFormField {
  readonly id: string;
  readonly kind: FormFieldKind;
  readonly label: string;
  readonly hint?: string;
  /** Prefilled value (pickers: ids; toggle: "yes"/"no"); never present for `secret`. */
  readonly initial?: string | readonly string[];
  readonly optional: boolean;
  readonly maxLength?: number;
}

/** A form as the page draws it. */
export interface WebForm {
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly submitLabel: string;
  readonly cancelLabel?: string;
  readonly fields: readonly WebFormField[];
}

export interface OpenForm {
  readonly id: string;
  readonly personId: string;
  readonly spec: FormSpec;
  /** Where it was opened: the submission's event comes from there, and its answers go there. */
  readonly conversation: ConversationRef;
  readonly openedAt: number;
}

export type FormNotice =
  | { readonly kind: 'open'; readonly form: WebForm }
  | { readonly kind: 'closed'; readonly id: string };
export type FormListener = (personId: string, notice: FormNotice) => void;

export function toWebForm(id: string, spec: FormSpec): WebForm {
  return {
    id,
    title: spec.title,
    ...(spec.intro ? { intro: spec.intro } : {}),
    submitLabel: spec.submitLabel,
    ...(spec.cancelLabel ? { cancelLabel: spec.cancelLabel } : {}),
    fields: spec.fields.map((f) => ({
      id: f.id,
      kind: f.kind,
      label: f.label,
      ...(f.hint ? { hint: f.hint } : {}),
      // A secret is never prefilled, whatever the spec says: it would sit in the page.
      ...(f.initial !== undefined && f.kind !== 'secret' ? { initial: f.initial } : {}),
      optional: f.optional === true,
      ...(f.maxLength ? { maxLength: f.maxLength } : {}),
    })),
  };
}

export class OpenForms {
  readonly #forms = new Map<string, OpenForm>();
  readonly #listeners = new Set<FormListener>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  open(personId: string, spec: FormSpec, conversation: ConversationRef): WebForm {
    this.#sweep();
    const mine = [...this.#forms.values()].filter((f) => f.personId === personId);
    for (const old of mine.slice(0, Math.max(0, mine.length - FORMS_PER_PERSON + 1))) this.close(old);
    const form: OpenForm = { id: `form-${randomUUID()}`, personId, spec, conversation, openedAt: this.#now() };
    this.#forms.set(form.id, form);
    const web = toWebForm(form.id, spec);
    this.#emit(personId, { kind: 'open', form: web });
    return web;
  }

  /** The person's open forms, oldest first (a page that connects later shows them). */
  pendingFor(personId: string): WebForm[] {
    this.#sweep();
    return [...this.#forms.values()].filter((f) => f.personId === personId).map((f) => toWebForm(f.id, f.spec));
  }

  /**
   * Take the form out while its submission is checked, so a second click cannot submit it twice;
   * `restore` puts it back (invalid values), `close` ends it. Undefined for someone else's form.
   */
  take(id: unknown, personId: string): OpenForm | undefined {
    this.#sweep();
    const form = typeof id === 'string' ? this.#forms.get(id) : undefined;
    if (!form || form.personId !== personId) return undefined;
    this.#forms.delete(form.id);
    return form;
  }

  restore(form: OpenForm): void {
    this.#forms.set(form.id, form);
  }

  close(form: OpenForm): void {
    this.#forms.delete(form.id);
    this.#emit(form.personId, { kind: 'closed', id: form.id });
  }

  subscribe(listener: FormListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #sweep(): void {
    const cutoff = this.#now() - FORM_TTL_MS;
    for (const f of this.#forms.values()) if (f.openedAt < cutoff) this.close(f);
  }

  #emit(personId: string, notice: FormNotice): void {
    for (const listener of this.#listeners) listener(personId, notice);
  }
}

export type Submission =
  | { readonly ok: true; readonly values: FormValues }
  | { readonly ok: false; readonly errors: FieldErrors };

/**
 * The page's values → FormValues: text as typed, pickers split into id lists, a toggle's checkbox
 * as "yes"/"no". Refuses only what the platform itself would (a wrong type, over a field's
 * length); every rule about the values is core's (checkForm).
 */
export function readSubmission(spec: FormSpec, raw: unknown): Submission {
  const given = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const values: Record<string, string | readonly string[]> = {};
  const errors: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = given[field.id];
    if (field.kind === 'toggle') {
      if (value === undefined || typeof value === 'boolean') values[field.id] = value ? 'yes' : 'no';
      else if (value === 'yes' || value === 'no') values[field.id] = value;
      else errors[field.id] = 'Tick the box or leave it empty.';
      continue;
    }
    if (value !== undefined && typeof value !== 'string') {
      errors[field.id] = 'Must be text.';
      continue;
    }
    const text = value ?? '';
    const limit = field.maxLength ?? MAX_FIELD_CHARS;
    if (text.length > limit) {
      errors[field.id] = `At most ${limit} characters (this has ${text.length}).`;
      continue;
    }
    if (PICKERS.has(field.kind)) {
      const ids = text.split(/[\s,]+/).filter(Boolean);
      if (ids.length > MAX_IDS) errors[field.id] = `At most ${MAX_IDS} ids.`;
      else values[field.id] = ids;
    } else values[field.id] = text;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

/** The values of a form's secret fields (non-empty), to keep them out of anything shown or logged. */
export function secretsOf(spec: FormSpec, values: FormValues): string[] {
  const out: string[] = [];
  for (const f of spec.fields) {
    const v = values[f.id];
    if (f.kind === 'secret' && typeof v === 'string' && v.trim()) out.push(v, v.trim());
  }
  return out;
}

/** `text` with every secret replaced: a message that quotes what was typed must not echo a token. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[hidden]');
  return out;
}
