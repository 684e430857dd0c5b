/**
 * A submitted field's value as the readers need it: its text, a toggle (typed or Slack's
 * checkbox), and the optional fields where empty means off. A refusal is recorded under the
 * field's id.
 */
import type { FormValues } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import { parseUsdSetting, parseWholeNumber, parseYesNo, REMINDER_HOURS, type RuleResult } from './settings-rules.ts';

/** A field's text, trimmed; a picker's ids joined by spaces. */
export function text(values: FormValues, id: string): string {
  const v = values[id];
  return typeof v === 'string' ? v.trim() : (v ?? []).join(' ').trim();
}

/** A toggle: a typed yes/no (Discord, the playground) or Slack's checkbox. */
export function toggle(t: Texts, values: FormValues, id: string, label: string): RuleResult<boolean> {
  const v = values[id];
  if (v === undefined || typeof v === 'string') return parseYesNo(t, v ?? '', label);
  // Slack's checkbox sends the ticked options' values: none ticked is "no".
  return v.length === 0 ? { ok: true, value: false } : parseYesNo(t, v[0] ?? '', label);
}

/** An optional field's reading: empty is `value: undefined` (off); a refusal is already in `errors`. */
export type Optional<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false };

/** An optional dollar field, in cents. */
export function optionalUsd(
  t: Texts,
  values: FormValues,
  id: string,
  label: string,
  errors: Record<string, string>,
): Optional<number> {
  const typed = text(values, id);
  if (typed === '') return { ok: true, value: undefined };
  const r = parseUsdSetting(t, typed, label);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}

/** An optional hours field, within REMINDER_HOURS. */
export function optionalHours(
  t: Texts,
  values: FormValues,
  id: string,
  label: string,
  errors: Record<string, string>,
): Optional<number> {
  const typed = text(values, id);
  if (typed === '') return { ok: true, value: undefined };
  const r = parseWholeNumber(t, typed, label, REMINDER_HOURS);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}
