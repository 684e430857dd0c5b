/**
 * The engine's forms in core: which events show them (in the person's language), the click
 * checks Deny keeps before its form, inline errors from the engine's `checkForm`, and the router
 * asking the tenant's engine (not the desk) to check them.
 */
import { describe, expect, it } from 'vitest';
import type { FieldErrors, FormSpec } from '../../src/core/shared/forms.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { TenantRouter } from '../../src/core/workspace/index.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { MemoryOnce } from './fakes.ts';
import { alice, bob, harness, mallory } from './harness.ts';

function formResponder() {
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

let seq = 0;
const base = (actor: Actor) => ({
  platform: 'slack' as const,
  eventId: `form-ev${++seq}`,
  actor,
  conversation: { platform: 'slack' as const, channelId: 'C-general' },
  receivedAt: Date.UTC(2026, 10, 29, 12, 0),
});

describe('engine forms', () => {
  it('/ml-fund with no text shows the fund form in the actor’s language; with text it opens no form', async () => {
    const h = harness();
    const es = { ...alice, locale: 'es-419' };
    const r = formResponder();
    await h.engine.handle({ ...base(es), kind: 'command', command: 'fund', text: '' }, r.responder);
    expect(r.replies).toEqual([]);
    const [form] = r.forms;
    expect(form?.name).toBe('fund');
    expect(form?.title).toBe('Recargar ModelsLab');
    expect(form?.fields.map((f) => f.label)).toEqual(['Importe (dólares estadounidenses)', 'Nota', 'Quién paga']);
    expect(form?.fields[0]?.hint).toContain('10,00');

    const typed = formResponder();
    await h.engine.handle({ ...base(alice), kind: 'command', command: 'fund', text: '50 eval' }, typed.responder);
    expect(typed.forms).toEqual([]);
    expect((await h.requests.listOpen()).length).toBe(1);
  });

  it('a platform that shows no forms gets the typed command’s rule for /ml-fund and /ml coupon', async () => {
    const h = harness();
    const fund = await h.command(alice, 'fund', '');
    expect(fund[0]?.text).toMatch(/Please give an amount in US dollars/);
    const coupon = await h.command(alice, 'ml', 'coupon');
    expect(coupon[0]?.text).toMatch(/Coupon codes are letters, digits/);
  });

  it('Deny shows its form only after the click checks pass; a non-approver is refused with no form', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50 eval');
    const card = h.messenger.messageWithButton('deny', 'req1', mallory.id);
    if (!card) throw new Error('no card with Deny');
    const click = (actor: Actor) =>
      ({ ...base(actor), kind: 'action', action: 'deny', value: 'req1', message: card }) as const;
    const refused = formResponder();
    await h.engine.handle(click(mallory), refused.responder);
    expect(refused.forms).toEqual([]);
    expect(JSON.stringify(refused.replies)).toMatch(/approver/i);
    const shown = formResponder();
    await h.engine.handle(click(bob), shown.responder);
    expect(shown.forms.map((f) => [f.name, f.context])).toEqual([['deny', 'req1']]);
    expect((await h.request('req1')).state).toBe('awaiting_approval');
  });

  it('checkForm: the /ml-fund rules inline, in the actor’s language, and nothing for a valid submission', async () => {
    const h = harness();
    const form = (actor: Actor, values: Record<string, string | string[]>) =>
      ({ ...base(actor), kind: 'form', form: 'fund', values }) as const;
    expect(await h.engine.checkForm(form(alice, { amount: '5' }))).toEqual({
      amount: 'Amounts must be at least $10.00.',
    });
    expect(await h.engine.checkForm(form({ ...alice, locale: 'es' }, { amount: '50', payer: ['U1', 'U2'] }))).toEqual({
      payer: 'Elige un solo miembro que pague (o ninguno para pagar tú).',
    });
    expect(await h.engine.checkForm(form(alice, { amount: '50', note: 'ok', payer: [] }))).toBeUndefined();
    expect(
      await h.engine.checkForm({ ...base(alice), kind: 'form', form: 'coupon', values: { code: 'no spaces' } }),
    ).toEqual({ code: 'Coupon codes are letters, digits, "-" and "_" (up to 40).' });
  });

  it('the router asks the tenant’s engine to check its forms (the desk checks connect and settings)', async () => {
    const checked: InboundEvent[] = [];
    const router = new TenantRouter({
      tenancy: 'single',
      messages: createMessageFormatter(),
      engines: {
        engineFor: async () => ({
          handle: async () => {},
          checkForm: async (event): Promise<FieldErrors> => {
            checked.push(event);
            return { amount: 'from the engine' };
          },
        }),
        tenantOfMessage: async () => undefined,
      },
      directory: {} as never,
      once: new MemoryOnce(),
      clock: { now: () => 0, setTimer: () => ({ cancel() {} }) } as never,
      logger: silentLogger,
      sandbox: true,
    });
    const event = { ...base(alice), kind: 'form', form: 'fund', values: { amount: 'x' } } as const;
    expect(await router.checkForm(event)).toEqual({ amount: 'from the engine' });
    expect(checked).toEqual([event]);
  });

  it('under the approval threshold a request goes straight to its link, but not when another member pays', async () => {
    const h = harness({ approvalThresholdCents: 10_000 });
    const form = (values: Record<string, string | string[]>) =>
      ({ ...base(alice), kind: 'form', form: 'fund', values }) as const;
    await h.engine.handle(form({ amount: '20', note: 'mine', payer: [] }), formResponder().responder);
    await h.engine.handle(form({ amount: '20', note: 'for Mallory', payer: [mallory.id] }), formResponder().responder);
    const [own, other] = [await h.request('req1'), await h.request('req2')];
    expect([own.needsApproval, own.payer.id]).toEqual([false, alice.id]);
    // Mallory never asked for a payment link: an approver decides before one reaches her DM.
    expect([other.needsApproval, other.state, other.payer.id]).toEqual([true, 'awaiting_approval', mallory.id]);
  });
});
