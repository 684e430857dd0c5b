/**
 * Add a card, in core on the live simulator: the link goes to the asking approver's DM only, is
 * stored as its SHA-256 only, opens the page (a Setup Intent per load, capped), is used once, and
 * expires after 15 minutes. The client secret never reaches the store, a log line or a message.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AddCardForm } from '../../src/core/cards/index.ts';
import { tokenHash } from '../../src/core/requests/pay-link.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { systemClock } from '../../src/core/shared/ports.ts';
import { BASE, cardsLive } from './cards-support.ts';
import { alice, bob } from './harness.ts';

type Env = Awaited<ReturnType<typeof cardsLive>>;
let env: Env | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await env?.close();
  env = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function askForLink(e: Env): Promise<string> {
  const [list] = await e.cards(bob);
  expect(list?.buttons?.some((b) => b.kind === 'action' && b.action === 'card_add')).toBe(true);
  const [answer] = await e.click(bob, 'card_add', 'add');
  expect(answer?.text).toBe('I sent you a private link by DM to add a card. It works once, within 15 minutes.');
  return e.linkTokenOf(bob.id);
}

function asForm(view: Awaited<ReturnType<Env['engine']['addCardPage']>>): AddCardForm {
  if (view.kind !== 'form') throw new Error(`expected the form, got ${view.kind}`);
  return view;
}

const setupIntentOf = (form: AddCardForm) => form.clientSecret.split('_secret_')[0] ?? '';

describe('Add a card', () => {
  it('DMs the asking approver a one-use link, and saves the card the page sends once', async () => {
    env = await cardsLive();
    const token = await askForLink(env);
    const dm = env.messenger.dmsTo(bob.id)[0]?.reply;
    expect(dm?.text).toContain('Card details go from your browser to Stripe only');
    expect(dm?.buttons?.[0]).toMatchObject({ kind: 'link', url: `${BASE}/cards/add/${token}` });
    // Nowhere but that DM.
    const elsewhere = env.messenger.log.filter((r) => r.kind !== 'dm' && JSON.stringify(r.reply).includes(token));
    expect(elsewhere).toEqual([]);

    const form = asForm(await env.engine.addCardPage(token));
    expect(form.publishableKey).toMatch(/^pk_test_/);
    expect(form.clientSecret).toMatch(/^seti_\w+_secret_\w+$/);
    expect(form.makeDefaultLabel).toBe('Make it the default card');

    const saved = await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1NewVisa4242',
      makeDefault: true,
    });
    expect(saved).toMatchObject({ kind: 'saved', message: 'Card saved. You can close this page.' });
    expect((await env.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1NewVisa4242');
    expect(env.messenger.dmsTo(bob.id).at(-1)?.reply.text).toMatch(/^Card visa ••\d{4} added \(default\)\.$/);
    const audit = (await env.stores.audit.list(0)).filter((a) => a.purpose === 'card');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ requestId: 'cards', to: 'done', actor: { id: bob.id } });
    expect(audit[0]?.detail).toMatch(/^added visa ••\d{4} \(pm_1NewVisa4242\) as default$/);

    // Used: a second save and a reload are both "expired", and nothing more is attached.
    const again = await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1OtherCard',
      makeDefault: true,
    });
    expect(again.kind).toBe('expired');
    expect((await env.engine.addCardPage(token)).kind).toBe('expired');
    expect((await env.billing.listCards()).map((c) => c.id)).not.toContain('pm_1OtherCard');
  });

  it('refuses members, and says the bot needs PUBLIC_URL when it has no public address', async () => {
    env = await cardsLive({ payLinkBase: null });
    const [member] = await env.click(alice, 'card_add', 'add');
    expect(member?.text).toBe('Only approvers can add a card.');
    const [noUrl] = await env.click(bob, 'card_add', 'add');
    expect(noUrl?.text).toContain('an operator sets PUBLIC_URL');
    expect(env.messenger.log.filter((r) => r.kind === 'dm')).toEqual([]);
  });

  it('only accepts pm_ ids, without spending the link', async () => {
    env = await cardsLive();
    const token = await askForLink(env);
    const form = asForm(await env.engine.addCardPage(token));
    for (const paymentMethodId of ['4242424242424242', 'card_123', 'pm_<script>', 42]) {
      const bad = await env.engine.completeAddCard(token, {
        setupIntentId: setupIntentOf(form),
        paymentMethodId,
        makeDefault: false,
      });
      expect(bad.kind).toBe('bad_input');
    }
    expect(await env.billing.listCards()).toHaveLength(2);
    const ok = await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1NotDefault',
      makeDefault: false,
    });
    expect(ok.kind).toBe('saved');
    expect(env.messenger.dmsTo(bob.id).at(-1)?.reply.text).toMatch(/^Card visa ••\d{4} added\.$/);
    expect((await env.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1SeedVisa4242');
  });

  it('expires 15 minutes after it was sent', async () => {
    const clock = new ManualClock();
    env = await cardsLive({ clock });
    const token = await askForLink(env);
    await clock.advance(14 * 60_000 + 59_000);
    expect((await env.engine.addCardPage(token)).kind).toBe('form');
    await clock.advance(1_000);
    const page = await env.engine.addCardPage(token);
    expect(page).toMatchObject({ kind: 'expired', title: 'This link has expired' });
    expect(page.kind === 'expired' && page.message).toContain('/ml cards and click Add a card');
    const late = await env.engine.completeAddCard(token, {
      setupIntentId: 'seti_1',
      paymentMethodId: 'pm_1Late',
      makeDefault: true,
    });
    expect(late.kind).toBe('expired');
    expect(await env.billing.listCards()).toHaveLength(2);
  });

  it('answers an unknown token exactly like an expired one', async () => {
    env = await cardsLive();
    const unknown = await env.engine.addCardPage('a'.repeat(32));
    const junk = await env.engine.addCardPage('../../etc');
    const token = await askForLink(env);
    await env.engine.completeAddCard(token, {
      setupIntentId: 'seti_1',
      paymentMethodId: 'pm_1Used',
      makeDefault: false,
    });
    const used = await env.engine.addCardPage(token);
    expect(unknown).toEqual(used);
    expect(junk).toEqual(used);
  });

  it('creates at most 5 Setup Intents per link', async () => {
    // Real time: five keyed writes in a row need the billing budget to refill as it does live.
    env = await cardsLive({ clock: systemClock });
    const token = await askForLink(env);
    const secrets = new Set<string>();
    for (let i = 0; i < 5; i++) secrets.add(asForm(await env.engine.addCardPage(token)).clientSecret);
    expect(secrets.size).toBe(5);
    expect((await env.engine.addCardPage(token)).kind).toBe('expired');
  });

  it('stores only the hash of the token, and never the client secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cards-'));
    dirs.push(dir);
    env = await cardsLive({ storeUrl: `sqlite://${join(dir, 'bot.sqlite')}` });
    const token = await askForLink(env);
    const form = asForm(await env.engine.addCardPage(token));
    await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1HashOnly',
      makeDefault: true,
    });
    await env.close();
    env = undefined;
    const stored = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
    expect(stored).toContain(await tokenHash(token));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(form.clientSecret);
    expect(stored).not.toContain('_secret_');
  });

  it('keeps the token and the client secret out of every log line and message', async () => {
    env = await cardsLive();
    const token = await askForLink(env);
    const form = asForm(await env.engine.addCardPage(token));
    await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1Quiet',
      makeDefault: true,
    });
    const logs = env.logger.lines.join('\n');
    expect(logs).toContain('add-card page opened');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(form.clientSecret);
    const messages = JSON.stringify(env.messenger.log);
    expect(messages).not.toContain(form.clientSecret);
    const audit = JSON.stringify(await env.stores.audit.list(0));
    expect(audit).not.toContain(token);
    expect(audit).not.toContain('_secret_');
  });

  it('speaks the asking approver’s language on the DM and the page', async () => {
    env = await cardsLive();
    const sofia = { ...bob, id: 'U-sofia', name: 'sofia', locale: 'es-ES' };
    const [answer] = await env.click(sofia, 'card_add', 'add');
    expect(answer?.text).toBe(
      'Te he enviado por DM un enlace privado para añadir una tarjeta. Sirve una vez, durante 15 minutos.',
    );
    const token = env.linkTokenOf(sofia.id);
    const form = asForm(await env.engine.addCardPage(token));
    expect(form).toMatchObject({ lang: 'es', title: 'Añadir tarjeta', saveLabel: 'Guardar tarjeta' });
    const saved = await env.engine.completeAddCard(token, {
      setupIntentId: setupIntentOf(form),
      paymentMethodId: 'pm_1Espanol',
      makeDefault: true,
    });
    expect(saved.message).toBe('Tarjeta guardada. Ya puedes cerrar esta página.');
    expect(env.messenger.dmsTo(sofia.id).at(-1)?.reply.text).toMatch(
      /^Tarjeta visa ••\d{4} añadida \(predeterminada\)\.$/,
    );
    // A spent link is answered like any unknown one, in the workspace's language: the language
    // would otherwise tell that the token existed.
    const used = await env.engine.addCardPage(token);
    expect(used).toMatchObject({ kind: 'expired', title: 'This link has expired' });
  });
});
