/**
 * Billing details on Discord through the real discord.js client, the real engine and the fake
 * Discord, with core's `opensForm` wired as the app wires it: `/ml billing` answers an approver
 * privately; Edit contact is not deferred, so its modal is the interaction's FIRST response
 * (type 9) prefilled with what ModelsLab holds; a bad value gets a private list of the rules
 * (Discord shows no errors inside a modal) with nothing sent; a good one updates ModelsLab.
 */
import { afterEach, expect, test } from 'vitest';
import { opensForm } from '../../src/core/workspace/index.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const puts = (a: DiscordApp) => a.sim.state.calls().filter((c) => c.method === 'PUT' && c.path === '/billing/info');
// biome-ignore lint/suspicious/noExplicitAny: modal JSON as the bot sent it
const inputsOf = (modal: { data: any }) => (modal.data.components as any[]).filter((c) => c.type === 18);

test('/ml billing → Edit contact: the modal first, prefilled; bad values listed privately; the fix updates ModelsLab', async () => {
  app = await startDiscordApp({ adapter: { opensForm } });
  const { fake, bob } = app;
  const asked = fake.sendCommand(bob, 'ml', { command: 'billing' });
  const shown = await privateAnswer(app, asked.token, 'the billing details');
  expect(shown.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(JSON.stringify(embedOf(shown))).toContain('billing@example.com');
  expect(fake.buttonsOf(shown.id)).toEqual(['billing_edit:contact', 'billing_edit:address']);

  const click = fake.clickButton(bob, 'billing_edit:contact', shown.id);
  const modal = await fake.waitFor('the contact modal', () => fake.modalFor(click));
  expect(click.callback.type).toBe(9);
  expect(modal.at - click.dispatchedAt).toBeLessThan(3_000);
  expect(modal.data.custom_id).toBe('mlbot_form:billing_contact:');
  const inputs = inputsOf(modal);
  expect(inputs.map((i) => i.component.custom_id)).toEqual(['name', 'email', 'tax_id_type', 'tax_id']);
  expect(inputs.map((i) => i.component.value)).toEqual(['Sandbox Team', 'billing@example.com', undefined, undefined]);

  const bad = fake.submitModal(bob, click, {
    name: 'Acme Pty Ltd',
    email: 'accounts(at)acme.example',
    tax_id_type: 'au_abn',
    tax_id: '123',
  });
  await fake.waitFor('the refusal', () => bad.callback);
  expect(bad.callback.type).toBe(4);
  expect(bad.callback.data.flags).toBe(EPHEMERAL);
  const rules = JSON.stringify(bad.callback.data);
  expect(rules).toContain('Give an email address');
  expect(rules).toContain('An Australian ABN is 11 digits');
  expect(puts(app)).toEqual([]);

  const ok = fake.submitModal(bob, click, {
    name: 'Acme Pty Ltd',
    email: 'accounts@acme.example',
    tax_id_type: 'au_abn',
    tax_id: '51 824 753 556',
  });
  await fake.waitFor('the answer', () => answerTexts(app as DiscordApp, ok.token).some((t) => t.includes('updated')));
  expect(answerTexts(app, ok.token).join(' ')).toContain('Billing details updated (name, email, tax id type, tax id).');
  const held = await app.billing.getBillingDetails();
  expect([held.name, held.email, held.taxIdType, held.taxId]).toEqual([
    'Acme Pty Ltd',
    'accounts@acme.example',
    'au_abn',
    '51824753556',
  ]);
  expect(puts(app)).toHaveLength(1);
});

test('a member without the approver role is refused /ml billing and the Edit button, and no modal opens', async () => {
  app = await startDiscordApp({ adapter: { opensForm } });
  const { fake, alice, bob } = app;
  const refused = fake.sendCommand(alice, 'ml', { command: 'billing' });
  const answer = await privateAnswer(app, refused.token, 'the refusal');
  expect(embedOf(answer).description).toMatch(/^Only approvers can see and change the billing details/);

  const shown = await privateAnswer(app, fake.sendCommand(bob, 'ml', { command: 'billing' }).token);
  const click = fake.clickButton(alice, 'billing_edit:address', shown.id);
  await fake.waitFor('the click answer', () => click.callback);
  expect(fake.modalFor(click)).toBeUndefined();
  expect(JSON.stringify(click.callback.data)).toContain('Only approvers');
});
