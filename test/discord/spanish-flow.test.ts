/**
 * Issue 16's "a full fund flow in the second language", on Discord: the real discord.js client,
 * the fake Discord, the engine, the watcher and the ModelsLab simulator, with the server's
 * language set to Spanish and the members' Discord clients in Spain's Spanish (each
 * interaction's `locale: 'es-ES'`). The card, the private answers, the payer's DM, the receipt
 * reply, the fund modal (the interaction's first response, type 9) and its refusal are Spanish,
 * and none of the English catalog's fund-flow phrases is sent anywhere.
 */
import { afterEach, expect, test } from 'vitest';
import { opensForm } from '../../src/core/workspace/index.ts';
import { englishIn } from '../support/english-leaks.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A Spanish server whose requester and approver use Discord in Spain's Spanish. */
async function spanishServer(): Promise<DiscordApp> {
  const a = await startDiscordApp({ locale: 'es', adapter: { opensForm } });
  a.alice.locale = 'es-ES';
  a.bob.locale = 'es-ES';
  return a;
}

/** Everything the bot sent people: channel and DM posts, edits, interaction answers and modals. */
function everythingSent(a: DiscordApp): string {
  return a.fake.calls
    .filter((c) => !c.path.startsWith('/applications/') && c.method !== 'GET')
    .map((c) => c.raw)
    .join('\n');
}

// biome-ignore lint/suspicious/noExplicitAny: embed JSON as stored by the fake
const field = (embed: any, name: string) => embed?.fields?.find((f: any) => f.name === name)?.value;
/** A stored message's buttons, with the labels the fake keeps from the JSON it was sent. */
const buttonsOf = (m: { components?: unknown } | undefined) =>
  ((m?.components ?? []) as Array<{ components?: Array<{ label?: string; url?: string }> }>).flatMap(
    (r) => r.components ?? [],
  );

test('/ml-fund amount:25 note:prueba → Spanish card → Aprobar → Spanish DM with the link → paid → Spanish receipt, DM updated', async () => {
  app = await spanishServer();
  const { fake, alice, bob, sim } = app;
  const command = fake.sendCommand(alice, 'ml-fund', { amount: 25, note: 'prueba' });
  const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
  const card = fake.latestWithButton(`approve:${id}`);
  const embed = embedOf(card);
  expect(embed.title).toMatch(/^Solicitud de fondos · 25,00\sUS\$$/);
  expect(embed.description).toContain('pide añadir fondos al monedero de ModelsLab');
  expect(embed.description).toContain('aprueben o rechacen, por favor');
  expect(field(embed, 'Estado')).toBe('Pendiente de aprobación');
  expect(field(embed, 'Nota')).toBe('prueba');
  expect(embed.footer.text).toContain('SANDBOX · pagos simulados');
  const labels = buttonsOf(card).map((b) => b.label);
  expect(labels).toEqual(['Aprobar', 'Rechazar', 'Cancelar']);

  // The requester's private answer (the deferred reply, edited).
  await fake.waitFor('the requester is told', () => answerTexts(app as DiscordApp, command.token).length > 0);
  expect(answerTexts(app, command.token)).toEqual([`La solicitud ${id} espera a un aprobador.`]);

  const approve = fake.clickButton(bob, `approve:${id}`);
  const url = await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));
  await fake.waitFor('the approver is told', () => answerTexts(app as DiscordApp, approve.token).length > 0);
  expect(answerTexts(app, approve.token)[0]).toBe(
    `Aprobaste ${id}. El enlace de pago le llega a <@${alice.id}> por mensaje directo.`,
  );
  const dmChannel = fake.dmChannelOf(alice.id) ?? '';
  const [dm] = fake.state.channelMessages(dmChannel);
  expect(embedOf(dm).title).toMatch(/^Pagar 25,00\sUS\$$/);
  expect(embedOf(dm).description).toMatch(/^Tu solicitud para añadir fondos al monedero de ModelsLab está lista/);
  const dmButtons = buttonsOf(dm);
  expect(dmButtons.map((b) => b.label)).toEqual([expect.stringMatching(/^Pagar 25,00\sUS\$$/), 'Ya pagué', 'Cancelar']);
  expect(dmButtons[0]?.url).toBe(url);

  sim.controls.markPaid(url.split('/checkout/')[1] ?? '');
  const receipt = await fake.waitFor('the receipt reply', () =>
    fake.state.channelMessages(fake.channelId).find((m) => m.message_reference?.message_id === card?.id),
  );
  expect(embedOf(receipt).title).toMatch(/^Recibo · 25,00\sUS\$$/);
  expect(embedOf(receipt).description).toMatch(
    /^Pago recibido: se añadieron 25,00\sUS\$ al monedero de ModelsLab\. Saldo nuevo: [\d.]+,\d\d\sUS\$\.$/,
  );
  expect(field(embedOf(receipt), 'Aprobador')).toBe(`<@${bob.id}>`);
  await fake.waitFor('the card says Pagada', () =>
    field(embedOf(fake.state.messages.get(card?.id ?? '')), 'Estado') === 'Pagada' ? true : undefined,
  );
  expect(embedOf(fake.state.messages.get(card?.id ?? '')).description).toContain(
    'Pagada. El recibo se publica como respuesta a esta tarjeta.',
  );
  const thanked = await fake.waitFor('the DM thanks', () => {
    const m = fake.state.messages.get(dm?.id ?? '');
    return embedOf(m)?.title?.startsWith('Recibido') ? m : undefined;
  });
  expect(embedOf(thanked).description).toMatch(/^Recibido, ¡gracias! Saldo nuevo: /);
  expect(fake.state.channelMessages(dmChannel)).toHaveLength(1);

  const sent = everythingSent(app);
  expect(sent).toContain('Ya pagué');
  expect(englishIn(sent)).toEqual([]);
});

test('/ml-fund with no amount: the Spanish fund modal first (type 9); a bad amount is refused privately in Spanish', async () => {
  app = await spanishServer();
  const { fake, alice } = app;
  const opened = fake.sendCommand(alice, 'ml-fund', {});
  const modal = await fake.waitFor('the fund modal', () => fake.modalFor(opened));
  expect(opened.callback.type).toBe(9);
  expect(modal.data.title).toBe('Recargar ModelsLab');
  // biome-ignore lint/suspicious/noExplicitAny: modal JSON as the bot sent it
  const inputs = (modal.data.components as any[]).filter((c) => c.type === 18);
  expect(inputs.map((i) => i.label)).toEqual(['Importe (dólares estadounidenses)', 'Nota', 'Quién paga']);
  expect(inputs[0].description).toMatch(/^De 10,00\sUS\$ a 1000,00\sUS\$, con 2 decimales como máximo/);
  expect(inputs[2].description).toMatch(/^Vacío: pagas tú/);

  const bad = fake.submitModal(alice, opened, { amount: 'cincuenta' });
  await fake.waitFor('the refusal', () => bad.callback);
  expect(bad.callback.type).toBe(4);
  expect(bad.callback.data.flags).toBe(EPHEMERAL);
  const refusal = embedOf(bad.callback.data);
  expect(refusal.title).toBe('No se guardó nada');
  expect(refusal.description).toBe('Corrige lo siguiente y vuelve a enviar el formulario:');
  expect(refusal.fields.map((f: { value: string }) => f.value)).toEqual([
    '"cincuenta" no es un importe: usa cifras como 50, 50.25 o 1,000.',
  ]);
  expect(JSON.stringify(bad.callback.data.components)).toContain('"label":"Abrir el formulario de nuevo"');
  expect(app.latestRequestId()).toBe('');

  fake.submitModal(alice, opened, { amount: '25', note: 'prueba' });
  const id = await fake.waitFor('the card', () => app?.latestRequestId() || undefined);
  expect(embedOf(fake.latestWithButton(`approve:${id}`)).title).toMatch(/^Solicitud de fondos · 25,00\sUS\$$/);
  const sent = everythingSent(app);
  expect(sent).toContain('Recargar ModelsLab');
  expect(englishIn(sent)).toEqual([]);
});
