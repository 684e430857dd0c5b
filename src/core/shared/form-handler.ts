/**
 * The shape of an engine form's handlers (core/fund/*-form.ts, coupons/coupon-form.ts): `check`
 * gives inline errors before the platform closes the form (Slack must have them in the ack,
 * within 3 s), `submit` acts and re-checks, because a check may not have run (it timed out, or the
 * platform has no inline errors). registry/forms.ts maps form names to them.
 */
import type { FieldErrors, FormValues } from './forms.ts';
import type { Texts } from './i18n.ts';
import type { Responder } from './ports.ts';
import type { EngineServices } from './services.ts';
import type { FormEvent } from './types.ts';

export interface FormContext {
  readonly s: EngineServices;
  readonly event: FormEvent;
  readonly respond: Responder;
  readonly t: Texts;
}

export interface EngineForm {
  check(ctx: Omit<FormContext, 'respond'>): FieldErrors | undefined | Promise<FieldErrors | undefined>;
  submit(ctx: FormContext): Promise<void>;
}

/** A field's submitted text, trimmed ('' when absent); a picker's ids joined by spaces. */
export function textValue(values: FormValues, id: string): string {
  const v = values[id];
  return (typeof v === 'string' ? v : (v ?? []).join(' ')).trim();
}

/** Undefined when nothing is wrong, so an empty object never reaches a platform as "errors". */
export function errorsOrNone(errors: Record<string, string | undefined>): FieldErrors | undefined {
  const set = Object.entries(errors).filter((e): e is [string, string] => e[1] !== undefined);
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}

/**
 * Show `form` through the responder. False when this platform shows no forms here (the caller
 * falls back to its typed-command answer); a form the platform could no longer show (Slack's 3 s
 * trigger, a used interaction) is answered with `unavailable` and counts as handled.
 */
export async function showForm(
  s: EngineServices,
  respond: Responder,
  form: Parameters<NonNullable<Responder['openForm']>>[0],
  unavailable: string,
): Promise<boolean> {
  if (!respond.openForm) return false;
  try {
    await respond.openForm(form);
  } catch (err) {
    s.logger.info({ form: form.name, err: err instanceof Error ? err.name : 'unknown' }, 'form could not be shown');
    await respond.reply({ text: unavailable, tone: 'warning', ephemeral: true });
  }
  return true;
}
