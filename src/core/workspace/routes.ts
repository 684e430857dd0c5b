/**
 * Which events the workspace desk answers and which a tenant's engine does, and which open a
 * form. Pure, so adapters can ask `opensForm` before they ack: Discord must NOT defer an
 * interaction that may answer with a modal (a modal can only be the interaction's first
 * response), and Slack's `views.open` needs the trigger id while it is fresh (3 s).
 */
import type { FormName } from '../shared/forms.ts';
import type { ActionName, InboundEvent } from '../shared/types.ts';

export type Route = 'desk' | 'engine';

/** The `/ml` sub-commands the desk owns (workspace/commands.ts lists them in help). */
export const DESK_COMMANDS = ['connect', 'disconnect', 'settings'] as const;
export type DeskCommand = (typeof DESK_COMMANDS)[number];

/** The buttons the desk owns: the Connect button, a settings section's Edit, Disconnect's confirm. */
const DESK_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>(['connect', 'settings', 'disconnect']);

/** Forms a tenant's engine answers (fund, deny reason, coupon, custom top-up); the rest are the desk's. */
const ENGINE_FORMS: ReadonlySet<FormName> = new Set<FormName>([
  'fund',
  'deny',
  'coupon',
  'topup_amount',
  'billing_contact',
  'billing_address',
]);

/** Buttons of the engine that answer with a form: Deny (the reason), Custom amount, the shortcuts' fund form, billing details' Edit. */
const ENGINE_FORM_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  'deny',
  'topup_custom',
  'fund_form',
  'billing_edit',
]);

/** `/ml-fund` (or `/ml fund`) with nothing after it, `/ml coupon` with no code: the engine shows a form. */
function opensEngineForm(event: InboundEvent): boolean {
  if (event.kind !== 'command') return false;
  if (event.command === 'fund') return event.text.trim() === '';
  return event.command === 'ml' && /^\s*(fund|coupon)\s*$/i.test(event.text);
}

/** The desk sub-command of `/ml <sub> …`, if it is one (case-insensitive, first word only). */
export function deskCommandOf(event: InboundEvent): DeskCommand | undefined {
  if (event.kind !== 'command' || event.command !== 'ml') return undefined;
  const first = (/^\s*(\S*)/.exec(event.text)?.[1] ?? '').toLowerCase();
  return (DESK_COMMANDS as readonly string[]).includes(first) ? (first as DeskCommand) : undefined;
}

export function routeOf(event: InboundEvent): Route {
  if (event.kind === 'form') return ENGINE_FORMS.has(event.form) ? 'engine' : 'desk';
  if (event.kind === 'action') return DESK_ACTIONS.has(event.action) ? 'desk' : 'engine';
  return deskCommandOf(event) ? 'desk' : 'engine';
}

/**
 * True when the answer may be a form: `/ml connect`, the Connect button, a settings section's
 * Edit button; the engine's `/ml-fund` with no text, `/ml coupon` with no code, Deny, Custom amount. The desk may still answer with a reply (single-team mode, a refusal): that reply
 * is then the first response.
 */
export function opensForm(event: InboundEvent): boolean {
  if (event.kind === 'action')
    return event.action === 'connect' || event.action === 'settings' || ENGINE_FORM_ACTIONS.has(event.action);
  return deskCommandOf(event) === 'connect' || opensEngineForm(event);
}
