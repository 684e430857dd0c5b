/**
 * `/ml billing` and its two forms on the live simulator: who may see and change the details, each
 * rule answered inline with nothing sent, a change reaching ModelsLab once (only what changed,
 * under a key a retry replays), audited with before and after, and ModelsLab's refusals in words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import {
  clickWithForms,
  faultBeforeUpdate,
  formEvent,
  heldDetails,
  type Live,
  prefilled,
  SEED_ADDRESS,
  SEED_CONTACT,
  submitForm,
  updates,
} from './billing-details-support.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const field = (reply: Reply | undefined, label: string) => reply?.fields?.find((f) => f.label === label)?.value;

describe('/ml billing', () => {
  it('shows an approver name, email, address one line per part and the tax id, with the two Edit buttons', async () => {
    env = await live();
    const [view] = await env.command(bob, 'ml', 'billing');
    expect(view?.title).toBe('Billing details');
    expect(view?.ephemeral).toBe(true);
    expect(field(view, 'Name')).toBe('Sandbox Team');
    expect(field(view, 'Email')).toBe('billing@example.com');
    expect(field(view, 'Address')).toBe('1 Test Street\nSan Francisco\nCA\n94105\nUS');
    expect(field(view, 'Tax id')).toBe('not set');
    expect(
      view?.buttons?.map((b) => [b.label, b.kind === 'action' && b.action, b.kind === 'action' && b.value]),
    ).toEqual([
      ['Edit contact', 'billing_edit', 'contact'],
      ['Edit address', 'billing_edit', 'address'],
    ]);
  });

  it('refuses a non-approver the command, the Edit button and a submitted form, stating the rule; nothing is read or sent', async () => {
    env = await live();
    const before = env.sim.state.calls().length;
    const [refused] = await env.command(alice, 'ml', 'billing');
    expect(refused?.text).toMatch(/^Only approvers can see and change the billing details/);
    expect(refused?.fields).toBeUndefined();
    const click = await clickWithForms(env, alice, 'billing_edit', 'contact');
    expect(click.forms).toEqual([]);
    expect(click.replies[0]?.text).toMatch(/^Only approvers/);
    const submitted = await submitForm(env, alice, 'billing_contact', { ...SEED_CONTACT, name: 'Mallory Inc' });
    expect(submitted[0]?.text).toMatch(/^Only approvers/);
    expect(env.sim.state.calls().length).toBe(before);
    expect((await heldDetails(env)).name).toBe('Sandbox Team');
  });

  it('Edit contact and Edit address open their forms prefilled with what ModelsLab holds (five inputs at most)', async () => {
    env = await live();
    const contact = await clickWithForms(env, bob, 'billing_edit', 'contact');
    expect(contact.forms[0]?.name).toBe('billing_contact');
    expect(prefilled(contact.forms[0])).toEqual({
      name: 'Sandbox Team',
      email: 'billing@example.com',
      tax_id_type: undefined,
      tax_id: undefined,
    });
    const address = await clickWithForms(env, bob, 'billing_edit', 'address');
    expect(address.forms[0]?.name).toBe('billing_address');
    expect(prefilled(address.forms[0])).toEqual({ ...SEED_ADDRESS });
    for (const f of [...contact.forms, ...address.forms]) {
      expect(f.fields.length).toBeLessThanOrEqual(5);
      expect(f.title.length).toBeLessThanOrEqual(24);
    }
    expect(address.forms[0]?.fields.find((f) => f.id === 'line1')?.hint).toMatch(/after a comma/);
  });
});

describe('the rules, inline and again on submit, with nothing sent', () => {
  const contactCases: [string, Record<string, string>, Record<string, RegExp>][] = [
    ['an empty name', { name: ' ' }, { name: /name of 1 to 100/ }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, { name: /1 to 100/ }],
    ['an email without a domain', { email: 'billing@' }, { email: /email address/ }],
    ['an unknown tax id type', { tax_id_type: 'vat', tax_id: 'DE123456789' }, { tax_id_type: /Stripe's tax id type/ }],
    ['a tax id without its type', { tax_id: 'DE123456789' }, { tax_id_type: /together/ }],
    ['a type without a tax id', { tax_id_type: 'eu_vat' }, { tax_id: /together/ }],
    [
      'an EU VAT number with no EU prefix',
      { tax_id_type: 'eu_vat', tax_id: 'US123456789' },
      { tax_id: /country prefix/ },
    ],
    ['an EU VAT number too short', { tax_id_type: 'eu_vat', tax_id: 'DE1' }, { tax_id: /2 to 13/ }],
    [
      'a UK VAT number of 8 digits',
      { tax_id_type: 'gb_vat', tax_id: 'GB12345678' },
      { tax_id: /GB followed by 9 or 12/ },
    ],
    ['a US EIN without its dash', { tax_id_type: 'us_ein', tax_id: '123456789' }, { tax_id: /12-3456789/ }],
    ['an ABN of 10 digits', { tax_id_type: 'au_abn', tax_id: '1234567890' }, { tax_id: /11 digits/ }],
    ['a GSTIN of the wrong shape', { tax_id_type: 'in_gst', tax_id: '27AAPFU0939F1XV' }, { tax_id: /15 characters/ }],
    [
      'another type with unsafe characters',
      { tax_id_type: 'ch_vat', tax_id: '<b>CHE</b>' },
      { tax_id: /ch_vat tax id is 1 to 50/ },
    ],
  ];
  it.each(contactCases)('contact: %s', async (_what, change, expected) => {
    env = await live();
    const values = { ...SEED_CONTACT, name: 'Acme GmbH', ...change };
    const errors = await env.engine.checkForm(formEvent(bob, 'billing_contact', values));
    expect(Object.keys(errors ?? {})).toEqual(Object.keys(expected));
    for (const [id, rule] of Object.entries(expected)) expect(errors?.[id]).toMatch(rule);
    const [answer] = await submitForm(env, bob, 'billing_contact', values);
    for (const rule of Object.values(expected)) expect(answer?.text).toMatch(rule);
    expect(updates(env)).toEqual([]);
  });

  const addressCases: [string, Record<string, string>, Record<string, RegExp>][] = [
    [
      'a country name',
      { country: 'Germany', postal_code: '10115' },
      { country: /two-letter ISO 3166-1 code .* not its name/ },
    ],
    ['a code that is not assigned', { country: 'XX', postal_code: '10115' }, { country: /two-letter/ }],
    ['a US ZIP of 4 digits', { postal_code: '9410' }, { postal_code: /5 digits/ }],
    ['a Canadian code of the wrong shape', { country: 'CA', postal_code: '12345' }, { postal_code: /A1A 1A1/ }],
    ['a UK postcode of the wrong shape', { country: 'GB', postal_code: '12345' }, { postal_code: /SW1A 1AA/ }],
    ['a postal code over 12 characters', { country: 'DE', postal_code: '1234567890123' }, { postal_code: /1 to 12/ }],
    ['no street', { line1: '' }, { line1: /street and number/ }],
    ['no city', { city: '' }, { city: /city/ }],
  ];
  it.each(addressCases)('address: %s', async (_what, change, expected) => {
    env = await live();
    const values = { ...SEED_ADDRESS, line1: '2 Other Street', ...change };
    const errors = await env.engine.checkForm(formEvent(bob, 'billing_address', values));
    expect(Object.keys(errors ?? {})).toEqual(Object.keys(expected));
    for (const [id, rule] of Object.entries(expected)) expect(errors?.[id]).toMatch(rule);
    const [answer] = await submitForm(env, bob, 'billing_address', values);
    for (const rule of Object.values(expected)) expect(answer?.text).toMatch(rule);
    expect(updates(env)).toEqual([]);
  });

  it('accepts what people type: lower-case codes, spaced VAT numbers, a ZIP+4, a Canadian code without its space', async () => {
    env = await live();
    const ok = async (form: 'billing_contact' | 'billing_address', values: Record<string, string>) =>
      expect(await env?.engine.checkForm(formEvent(bob, form, values))).toBeUndefined();
    await ok('billing_contact', { ...SEED_CONTACT, tax_id_type: 'EU_VAT', tax_id: 'de 123 456 789' });
    await ok('billing_contact', { ...SEED_CONTACT, tax_id_type: 'in_gst', tax_id: '27AAPFU0939F1ZV' });
    await ok('billing_contact', { ...SEED_CONTACT, tax_id_type: 'jp_cn', tax_id: '1234567890123' });
    await ok('billing_address', { ...SEED_ADDRESS, postal_code: '94105-1234' });
    await ok('billing_address', { ...SEED_ADDRESS, country: 'ca', state: 'ON', postal_code: 'k1a0b1' });
    await ok('billing_address', { ...SEED_ADDRESS, country: 'gb', state: '', postal_code: 'sw1a 1aa' });
  });
});

describe('saving', () => {
  it('sends only the changed contact fields, stores them as normalised, audits before and after, and shows the result', async () => {
    env = await live();
    const [answer] = await submitForm(env, bob, 'billing_contact', {
      name: '  Acme   GmbH ',
      email: 'billing@example.com',
      tax_id_type: 'eu_vat',
      tax_id: 'de 123 456 789',
    });
    expect(answer?.text).toBe('Billing details updated (name, tax id type, tax id).');
    expect(field(answer, 'Tax id')).toBe('DE123456789 (eu_vat)');
    const held = await heldDetails(env);
    expect([held.name, held.email, held.taxId, held.taxIdType]).toEqual([
      'Acme GmbH',
      'billing@example.com',
      'DE123456789',
      'eu_vat',
    ]);
    const [put] = updates(env);
    expect(put?.idempotencyKey).toMatch(/^billing-info-[0-9a-f]{16}-/);
    const audit = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'billing_details');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ requestId: 'billing', from: null, to: 'done', actor: { id: bob.id } });
    expect(audit[0]?.detail).toBe(
      'name: Sandbox Team → Acme GmbH; tax_id_type: (none) → eu_vat; tax_id: (none) → DE123456789',
    );
    // The audit export shows it.
    const [csv] = await env.command(bob, 'ml', 'audit');
    const content = csv?.attachment?.content ?? '';
    expect(content).toMatch(
      /,billing,billing_details,,done,bob \(slack:U-bob\),,,,name: Sandbox Team → Acme GmbH; tax_id_type/,
    );
  });

  it('an address: line 2 after the comma, the country in upper case, a cleared state sent as cleared', async () => {
    env = await live();
    const [answer] = await submitForm(env, bob, 'billing_address', {
      line1: '5 Rue de la Paix,  Bât. B',
      city: 'Paris',
      state: '',
      postal_code: '75002',
      country: 'fr',
    });
    expect(answer?.text).toMatch(
      /^Billing details updated \(street, line 2, city, state or region, postal code, country\)\.$/,
    );
    expect(field(answer, 'Address')).toBe('5 Rue de la Paix\nBât. B\nParis\n75002\nFR');
    expect((await heldDetails(env)).address).toEqual({
      line1: '5 Rue de la Paix',
      line2: 'Bât. B',
      city: 'Paris',
      postalCode: '75002',
      country: 'FR',
    });
    const [entry] = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'billing_details');
    expect(entry?.detail).toBe(
      'address.line1: 1 Test Street → 5 Rue de la Paix; address.line2: (none) → Bât. B; address.city: San Francisco → Paris; address.state: CA → (none); address.postal_code: 94105 → 75002; address.country: US → FR',
    );
  });

  it('the same values as now: says nothing changed, sends nothing and audits nothing', async () => {
    env = await live();
    const [contact] = await submitForm(env, bob, 'billing_contact', {
      ...SEED_CONTACT,
      email: ' billing@example.com ',
    });
    const [address] = await submitForm(env, bob, 'billing_address', { ...SEED_ADDRESS, country: 'us' });
    expect(contact?.text).toMatch(/^Nothing changed/);
    expect(address?.text).toMatch(/^Nothing changed/);
    expect(updates(env)).toEqual([]);
    expect((await env.stores.audit.list(0)).filter((e) => e.purpose === 'billing_details')).toEqual([]);
  });

  it('ModelsLab refusing the change is said in plain words with what it said; nothing is audited', async () => {
    let refuseNext = true;
    env = await live({
      wrapBilling: faultBeforeUpdate(() => {
        if (refuseNext) env?.sim.controls.failNext(1, 422);
        refuseNext = false;
      }),
    });
    const [answer] = await submitForm(env, bob, 'billing_contact', { ...SEED_CONTACT, name: 'Acme GmbH' });
    expect(answer?.text).toBe(
      'ModelsLab refused the change and said: "The server had a problem (injected fault).". Nothing was changed.',
    );
    expect((await heldDetails(env)).name).toBe('Sandbox Team');
    expect((await env.stores.audit.list(0)).filter((e) => e.purpose === 'billing_details')).toEqual([]);
    // A refusal applied nothing: the next try is a new change, and goes through.
    const [again] = await submitForm(env, bob, 'billing_contact', { ...SEED_CONTACT, name: 'Acme GmbH' });
    expect(again?.text).toMatch(/^Billing details updated/);
  });

  it('a change whose answer was lost is replayed with the same key when resubmitted: applied once, audited once with the true before', async () => {
    // The first change is made, but its answer cannot be read (as after a cut connection).
    let garbleNext = true;
    env = await live({
      wrapBilling: faultBeforeUpdate(() => {
        if (garbleNext) env?.sim.controls.malformedNext(1);
        garbleNext = false;
      }),
    });
    const values = { ...SEED_CONTACT, email: 'ap@acme.example' };
    const [lost] = await submitForm(env, bob, 'billing_contact', values);
    expect(lost?.text).toMatch(/look before you try to update the billing details again/);
    expect((await heldDetails(env)).email).toBe('ap@acme.example');
    const [retried] = await submitForm(env, bob, 'billing_contact', values);
    expect(retried?.text).toBe('Billing details updated (email).');
    const [first, second] = updates(env);
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    const audit = (await env.stores.audit.list(0)).filter((e) => e.purpose === 'billing_details');
    expect(audit.map((e) => e.detail)).toEqual(['email: billing@example.com → ap@acme.example']);
    // Once done, the same change later is a new one (a new key), not a replay of the old answer.
    await submitForm(env, bob, 'billing_contact', SEED_CONTACT);
    await submitForm(env, bob, 'billing_contact', values);
    const keys = updates(env).map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    expect((await heldDetails(env)).email).toBe('ap@acme.example');
  });
});

describe('in Spanish', () => {
  it('the view, the form, the rules and the answers', async () => {
    env = await live();
    const es = { ...bob, locale: 'es' };
    const [view] = await env.command(es, 'ml', 'billing');
    expect(view?.title).toBe('Datos de facturación');
    expect(field(view, 'Identificación fiscal')).toBe('sin indicar');
    expect(view?.buttons?.map((b) => b.label)).toEqual(['Editar contacto', 'Editar dirección']);
    const { forms } = await clickWithForms(env, es, 'billing_edit', 'address');
    expect(forms[0]?.title).toBe('Dirección de facturación');
    const errors = await env.engine.checkForm(formEvent(es, 'billing_address', { ...SEED_ADDRESS, country: 'España' }));
    expect(errors?.country).toMatch(/^Indica el país con su código ISO 3166-1 de dos letras/);
    const [same] = await submitForm(env, es, 'billing_address', { ...SEED_ADDRESS });
    expect(same?.text).toMatch(/^Nada cambió/);
    const [refused] = await env.command({ ...alice, locale: 'es' }, 'ml', 'billing');
    expect(refused?.text).toMatch(/^Solo los aprobadores/);
  });
});
