/**
 * Billing details through the real Slack adapter (Bolt) against the fake Slack: `/ml billing`
 * answers an approver ephemerally, Edit address opens the modal with the click's trigger
 * (views.open), a bad country is refused inline in the ack (`response_action: errors`) with
 * nothing sent to ModelsLab, and the corrected submission updates ModelsLab. A non-approver is
 * refused the command and a forged submission.
 */
import { afterEach, expect, it } from 'vitest';
import { submitView } from '../../fakes/slack/driver.ts';
import type { OpenedView } from '../../fakes/slack/workspace.ts';
import { BOB, MALLORY, SIGNING_SECRET, SlackApp, visibleText } from './harness.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Blocks = Array<{ type: string; block_id?: string; element?: Record<string, unknown> }>;
const text = (value: string) => ({ type: 'plain_text_input', value });
const puts = (a: SlackApp) => a.sim.state.calls().filter((c) => c.method === 'PUT' && c.path === '/billing/info');

function lastView(a: SlackApp): OpenedView {
  const view = a.fake.workspace.views().at(-1);
  if (!view) throw new Error('no modal opened');
  return view;
}

async function submit(a: SlackApp, view: OpenedView, userId: string, values: Record<string, Record<string, unknown>>) {
  const res = await submitView(a.botUrl, { view, userId, values }, { secret: SIGNING_SECRET });
  await a.settle();
  return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
}

const ADDRESS = {
  line1: text('Unter den Linden 77, 3. OG'),
  city: text('Berlin'),
  state: text(''),
  postal_code: text('10117'),
};

it('/ml billing → Edit address opens the modal prefilled; a country name is refused inline, the code updates ModelsLab', async () => {
  app = await SlackApp.start();
  const asked = await app.command(BOB, '/ml', 'billing');
  await app.settle();
  const [shown] = app.ephemeralsFor(BOB, asked.responseUrlId);
  if (!shown) throw new Error('no billing details shown');
  expect(visibleText(shown)).toContain('billing@example.com');
  expect(visibleText(shown)).toContain('San Francisco');

  await app.click(BOB, shown, 'Edit address');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:billing_address');
  const blocks = view.view.blocks as Blocks;
  expect(blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
    'line1',
    'city',
    'state',
    'postal_code',
    'country',
  ]);
  expect(blocks.find((b) => b.block_id === 'country')?.element?.initial_value).toBe('US');

  const bad = await submit(app, view, BOB, { ...ADDRESS, country: text('Germany') });
  expect(bad).toEqual({
    response_action: 'errors',
    errors: { country: 'Give the country as its two-letter ISO 3166-1 code (US, DE, GB, …), not its name.' },
  });
  expect(puts(app)).toEqual([]);

  const ok = await submit(app, view, BOB, { ...ADDRESS, country: text('de') });
  expect(ok).toEqual({});
  const info = await app.simGet('/billing/info');
  expect(info.address).toMatchObject({
    line1: 'Unter den Linden 77',
    line2: '3. OG',
    city: 'Berlin',
    postal_code: '10117',
    country: 'DE',
  });
  expect(puts(app)).toHaveLength(1);
  const answers = app.ephemeralsFor(BOB).map(visibleText);
  expect(answers.some((a) => a.includes('Billing details updated') && a.includes('Berlin'))).toBe(true);
});

it('Edit contact: a malformed VAT number is refused inline; a non-approver is refused the command and a forged submission', async () => {
  app = await SlackApp.start();
  const asked = await app.command(BOB, '/ml', 'billing');
  await app.settle();
  const [shown] = app.ephemeralsFor(BOB, asked.responseUrlId);
  if (!shown) throw new Error('no billing details shown');
  await app.click(BOB, shown, 'Edit contact');
  await app.settle();
  const view = lastView(app);
  expect(view.view.callback_id).toBe('mlbot_form:billing_contact');
  const contact = { name: text('Sandbox Team'), email: text('billing@example.com') };
  const bad = await submit(app, view, BOB, { ...contact, tax_id_type: text('eu_vat'), tax_id: text('XX123456789') });
  expect(bad).toMatchObject({ response_action: 'errors', errors: { tax_id: expect.stringMatching(/country prefix/) } });

  const refused = await app.command(MALLORY, '/ml', 'billing');
  await app.settle();
  expect(app.ephemeralsFor(MALLORY, refused.responseUrlId)[0]?.text).toMatch(/^Only approvers can see and change/);
  // The modal is not a key: the submitter is checked again.
  const forged = await submit(app, view, MALLORY, {
    ...contact,
    tax_id_type: text('eu_vat'),
    tax_id: text('DE123456789'),
  });
  expect(forged).toEqual({});
  expect(puts(app)).toEqual([]);
  const told = app.ephemeralsFor(MALLORY).filter((m) => /^Only approvers/.test(m.text));
  expect(told).toHaveLength(2);

  await submit(app, view, BOB, { ...contact, tax_id_type: text('eu_vat'), tax_id: text('DE123456789') });
  const info = await app.simGet('/billing/info');
  expect([info.tax_id, info.tax_id_type]).toEqual(['DE123456789', 'eu_vat']);
});
