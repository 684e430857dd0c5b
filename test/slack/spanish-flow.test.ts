/**
 * Issue 16's "a full fund flow in the second language", on Slack: real Bolt behind the app's
 * router, the fake Slack (whose users.info, asked with include_locale, says es-ES), the engine,
 * the watcher and the ModelsLab simulator, with the workspace's language set to Spanish. Every
 * text a person sees (the card, the private answers, the payer's DM, the thread's receipt, the
 * fund modal and its inline errors) is Spanish, and none of the English catalog's fund-flow
 * phrases shows anywhere.
 */
import { afterEach, expect, it } from 'vitest';
import { submitView } from '../../fakes/slack/driver.ts';
import type { OpenedView } from '../../fakes/slack/workspace.ts';
import { ENGLISH_FUND_PHRASES, englishIn } from '../support/english-leaks.ts';
import { ALICE, BOB, CAROL, CHANNEL, linkUrl, SIGNING_SECRET, SlackApp, visibleText } from './harness.ts';
import { sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A Spanish workspace whose requester and approvers have their Slack in Spain's Spanish. */
async function spanishWorkspace(): Promise<SlackApp> {
  const a = await SlackApp.start({ locale: 'es' });
  for (const user of [ALICE, BOB, CAROL]) a.fake.tenancy.setUser(user, { locale: 'es-ES' });
  return a;
}

/** Everything the bot showed anyone: posts, edits, ephemerals, response_url answers, modals. */
function everythingShown(a: SlackApp): string {
  const calls = a.fake
    .calls()
    .filter((c) => /^(chat\.|views\.)/.test(c.method))
    .map((c) => JSON.stringify(c.params));
  const responses = a.fake.responses().map((r) => JSON.stringify(r.body));
  return [...calls, ...responses].join('\n');
}

it('the English phrases this test looks for are real (the check can fail)', () => {
  expect(ENGLISH_FUND_PHRASES).toEqual(
    expect.arrayContaining(['Approve', 'Cancel', 'Awaiting approval', 'New balance', 'Fund ModelsLab']),
  );
  expect(englishIn('Estado: Awaiting approval')).toEqual(['Awaiting approval']);
  expect(englishIn('Cancelar')).toEqual([]);
});

it('/ml-fund 25 prueba → Spanish card → Aprobar → Spanish DM with the link → paid → Spanish receipt, DM updated', async () => {
  app = await spanishWorkspace();
  const ack = await app.command(ALICE, '/ml-fund', '25 prueba');
  expect(ack.status).toBe(200);
  await app.settle();

  const [card] = app.cards();
  if (!card) throw new Error('no card in the channel');
  const cardText = visibleText(card);
  expect(card.text).toMatch(/^Solicitud de fondos · 25,00\sUS\$/);
  expect(cardText).toContain('pide añadir fondos al monedero de ModelsLab');
  expect(cardText).toContain('aprueben o rechacen, por favor');
  expect(cardText).toContain('Pendiente de aprobación');
  expect(cardText).toContain('prueba');
  expect(cardText).toContain('SANDBOX · pagos simulados');

  // The requester's private answer, through the response_url.
  const [answer] = app.fake.responses(ack.responseUrlId);
  expect(answer?.body.response_type).toBe('ephemeral');
  expect(String(answer?.body.text)).toMatch(/^La solicitud \w+ espera a un aprobador\./);

  const click = await app.click(BOB, card, 'Aprobar');
  expect(click.status).toBe(200);
  await app.settle();
  const approved = app.fake.responses(click.responseUrlId).map((r) => String(r.body.text));
  expect(approved.join('\n')).toMatch(/Aprobaste \w+\. El enlace de pago le llega a <@U0ALICE> por mensaje directo\./);

  const [dm] = app.dms(ALICE);
  if (!dm) throw new Error('no DM with the link');
  const url = linkUrl(dm);
  expect(url).toContain('/checkout/cs_test_');
  expect(dm.text).toMatch(/^Pagar 25,00\sUS\$/);
  expect(visibleText(dm)).toContain('Tu solicitud para añadir fondos al monedero de ModelsLab está lista para pagar');
  expect(visibleText(dm)).toContain('"text":"Ya pagué"');
  expect(app.fake.message(CHANNEL, card.ts)?.text).toContain(
    'Aprobada por <@U0BOB>. Enlace de pago enviado a <@U0ALICE>',
  );

  app.sim.controls.markPaid(sessionOf(url));
  const receipt = await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'the receipt in the thread');
  expect(receipt.text).toMatch(/^Recibo · 25,00\sUS\$/);
  expect(visibleText(receipt)).toMatch(
    /Pago recibido: se añadieron 25,00\sUS\$ al monedero de ModelsLab\. Saldo nuevo: [\d.]+,\d\d\sUS\$\./,
  );
  expect(visibleText(receipt)).toContain('*Aprobador*\\n<@U0BOB>');
  await app.fake.waitFor(
    () => app?.fake.message(CHANNEL, card.ts)?.text.includes('Pagada. El recibo está en el hilo.'),
    3000,
    'the card says Pagada',
  );
  const updated = await app.fake.waitFor(
    () => {
      const m = app?.fake.message(dm.channel, dm.ts);
      return m?.text.startsWith('Recibido') ? m : undefined;
    },
    3000,
    'the DM thanks',
  );
  expect(visibleText(updated)).toContain('Recibido, ¡gracias! Saldo nuevo:');
  await app.settle();

  expect(app.thread(card)).toHaveLength(1);
  expect(app.shownOutsideDm(url, ALICE)).toEqual([]);
  expect(englishIn(everythingShown(app))).toEqual([]);
});

it('/ml-fund with no text opens the fund modal in Spanish; a bad amount is refused inline in Spanish and changes nothing', async () => {
  app = await spanishWorkspace();
  await app.command(ALICE, '/ml-fund', '');
  await app.settle();
  const view = app.fake.workspace.views().at(-1) as OpenedView;
  expect(view.view.callback_id).toBe('mlbot_form:fund');
  type Block = { type: string; block_id?: string; label?: { text: string }; hint?: { text: string } };
  const blocks = view.view.blocks as Block[];
  const inputs = blocks.filter((b) => b.type === 'input');
  expect(inputs.map((b) => b.label?.text)).toEqual(['Importe (dólares estadounidenses)', 'Nota', 'Quién paga']);
  expect(inputs[0]?.hint?.text).toMatch(/^De 10,00\sUS\$ a 1000,00\sUS\$/);
  expect(view.view).toMatchObject({
    title: { text: 'Recargar ModelsLab' },
    submit: { text: 'Solicitar' },
    close: { text: 'Cancelar' },
  });

  const submit = async (amount: string) => {
    const res = await submitView(
      app?.botUrl ?? '',
      {
        view,
        userId: ALICE,
        values: {
          amount: { type: 'plain_text_input', value: amount },
          note: { type: 'plain_text_input', value: 'prueba' },
          payer: {},
        },
      },
      { secret: SIGNING_SECRET },
    );
    await app?.settle();
    return { ms: res.ms, ack: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
  };
  const decimals = await submit('12.345');
  expect(decimals.ms).toBeLessThan(3_000);
  expect(decimals.ack).toEqual({
    response_action: 'errors',
    errors: { amount: 'Los importes pueden tener como máximo 2 decimales (centavos).' },
  });
  const words = await submit('cincuenta');
  expect(words.ack).toMatchObject({ response_action: 'errors' });
  expect((words.ack.errors as Record<string, string>).amount).toMatch(/^"cincuenta" no es un importe/);
  expect(app.cards()).toHaveLength(0);

  expect((await submit('25')).ack).toEqual({});
  const [card] = app.cards();
  expect(card?.text).toMatch(/^Solicitud de fondos · 25,00\sUS\$/);
  expect(englishIn(everythingShown(app))).toEqual([]);
});
