/**
 * Billing details tests on the live simulator: a responder that can show forms (the one
 * RecordingMessenger gives shows none), form submissions and checks as an adapter sends them,
 * and what ModelsLab now holds.
 */
import type { FormSpec } from '../../src/core/shared/forms.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ActionName, Actor, FormEvent } from '../../src/core/shared/types.ts';
import type { live } from './live.ts';

export type Live = Awaited<ReturnType<typeof live>>;

let seq = 0;
const base = (actor: Actor) => ({
  platform: 'slack' as const,
  eventId: `bill-ev-${++seq}-${Math.random().toString(36).slice(2)}`,
  actor,
  conversation: { platform: 'slack' as const, channelId: 'C-general' },
  receivedAt: Date.now(),
});

export function formResponder() {
  const forms: FormSpec[] = [];
  const replies: Reply[] = [];
  return {
    forms,
    replies,
    responder: {
      reply: async (r: Reply) => {
        replies.push(r);
      },
      openForm: async (f: FormSpec) => {
        forms.push(f);
      },
    },
  };
}

/** Click `action` as `actor` on a platform that shows forms; resolves with the forms and replies. */
export async function clickWithForms(env: Live, actor: Actor, action: ActionName, value: string) {
  const r = formResponder();
  await env.engine.handle({ ...base(actor), kind: 'action', action, value }, r.responder);
  return r;
}

export function formEvent(actor: Actor, form: FormEvent['form'], values: Record<string, string>): FormEvent {
  return { ...base(actor), kind: 'form', form, values };
}

/** Submit a form the way an adapter does after its ack: the replies the submitter gets. */
export async function submitForm(env: Live, actor: Actor, form: FormEvent['form'], values: Record<string, string>) {
  const r = formResponder();
  await env.engine.handle(formEvent(actor, form, values), r.responder);
  return r.replies;
}

/** The PUT /billing/info calls the simulator received. */
export function updates(env: Live) {
  return env.sim.state.calls().filter((c) => c.method === 'PUT' && c.path === '/billing/info');
}

/** What ModelsLab holds now, read through the real client. */
export function heldDetails(env: Live) {
  return env.billing.getBillingDetails();
}

/** A form's fields as prefilled: id → initial value. */
export function prefilled(form: FormSpec | undefined): Record<string, string | undefined> {
  return Object.fromEntries(
    (form?.fields ?? []).map((f) => [f.id, typeof f.initial === 'string' ? f.initial : undefined]),
  );
}

export const SEED_CONTACT = {
  name: 'Sandbox Team',
  email: 'billing@example.com',
  tax_id_type: '',
  tax_id: '',
} as const;

export const SEED_ADDRESS = {
  line1: '1 Test Street',
  city: 'San Francisco',
  state: 'CA',
  postal_code: '94105',
  country: 'US',
} as const;

/**
 * The billing port with `before` run just before each `updateBillingDetails` goes out, so a
 * simulator fault (failNext, malformedNext) lands on the PUT and not on the read before it.
 */
export function faultBeforeUpdate(before: () => void): (b: BillingPort) => BillingPort {
  return (billing) =>
    new Proxy(billing, {
      get(target, prop) {
        if (prop === 'updateBillingDetails')
          return (...args: Parameters<BillingPort['updateBillingDetails']>) => {
            before();
            return target.updateBillingDetails(...args);
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}
