/**
 * The wallet, subscriptions and alerts rooms in Spanish through the real ICU formatter (issue 16):
 * /ml-balance answers in the member's language, the subscribe panel and the low-balance alert are
 * channel posts and speak the workspace's language, amounts stay USD ("9,50 US$"). English stays
 * the default when neither the member nor the workspace says otherwise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { createLowBalanceMonitor } from '../../src/channel-jobs.ts';
import type { Locale } from '../../src/core/shared/i18n.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import { systemClock } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, CommandName, InboundEvent } from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { createStores } from '../../src/store/index.ts';
import { FAST_WATCHER, startLiveBilling, TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { capturingLogger } from './live.ts';

/** Intl writes a no-break space before "US$"; compare with plain spaces. */
const plain = (text: string | undefined) => (text ?? '').replace(/\u00a0/g, ' ');
const shown = (r: Reply) => plain([r.title, r.text, ...(r.fields ?? []).flatMap((f) => [f.label, f.value])].join('\n'));

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A playground workspace (the panel is a Discord and playground feature) in `workspace`'s language. */
async function workspace(language: Locale) {
  const { sim, billing } = await startLiveBilling(systemClock);
  const stores = await createStores('memory://', { clock: systemClock });
  const messenger = new RecordingMessenger('web');
  const messages = createMessageFormatter();
  const parts = {
    billing,
    stores,
    messengers: new Map([['web' as const, messenger]]),
    clock: systemClock,
    logger: capturingLogger(),
    policy: makePolicy({ sandbox: true }),
    billingPerMinute: TEST_BILLING_PER_MIN,
    watcherOptions: FAST_WATCHER,
    messages,
    locale: () => language,
  };
  const bot = createBot(parts);
  closers.push(async () => {
    await bot.stop();
    await stores.close();
    await sim.stop();
  });
  let seq = 0;
  async function command(actor: Actor, name: CommandName, text = '') {
    const responder = messenger.responder(actor.id);
    const event: InboundEvent = {
      kind: 'command',
      platform: 'web',
      eventId: `ev-es-${++seq}`,
      actor,
      conversation: { platform: 'web', channelId: 'general' },
      receivedAt: systemClock.now(),
      command: name,
      text,
    };
    await bot.engine.handle(event, responder);
    return responder.replies;
  }
  return { sim, messenger, parts, command, bot };
}

const ana: Actor = { platform: 'web', id: 'ana', name: 'ana', isApprover: false, locale: 'es-419' };
const admin: Actor = { platform: 'web', id: 'root', name: 'root', isApprover: true, isAdmin: true };

describe('the wallet rooms in Spanish', () => {
  it('/ml-balance answers a Spanish-speaking member in Spanish, amounts in USD', async () => {
    const w = await workspace('en');
    w.sim.controls.setBalance(42.5);
    const [answer] = await w.command(ana, 'balance');
    expect(answer).toBeDefined();
    const text = shown(answer as Reply);
    expect(answer?.title && plain(answer.title)).toBe('Saldo de ModelsLab: 42,50 US$');
    expect(text).toContain('Últimas transacciones:');
    expect(text).toContain('Recarga automática');
    expect(text).toMatch(/(recarga del monedero|uso de la API)/);
    expect(text).not.toMatch(/Balance|Last transactions|Auto-recharge|\$\d/);
    // The same workspace answers an English member in English, byte for byte as before.
    const [english] = await w.command({ ...ana, id: 'eve', locale: 'en-US' }, 'balance');
    expect(english?.title).toBe('ModelsLab balance: $42.50');
  });

  it("the Home speaks its viewer's language", async () => {
    const w = await workspace('en');
    w.sim.controls.setBalance(42.5);
    const [balance, open, receipts] = await w.bot.engine.home(ana);
    expect(plain(balance?.title)).toBe('Saldo: 42,50 US$');
    expect(balance?.text).toBe('Recarga con /ml-fund; los detalles, con /ml-balance.');
    expect([open?.title, open?.text]).toEqual(['Solicitudes abiertas (0)', 'No hay solicitudes abiertas.']);
    expect([receipts?.title, receipts?.text]).toEqual(['Recibos recientes', 'Todavía no hay pagos.']);
    const [english] = await w.bot.engine.home(admin);
    expect(english?.title).toBe('Balance: $42.50 USD');
  });

  it('the subscribe panel is posted in the workspace language, whoever posts it', async () => {
    const w = await workspace('es');
    const [done] = await w.command(admin, 'ml', 'panel');
    expect(done?.text).toBe('Panel publicado.');
    const panel = w.messenger.channelPosts().find((p) => p.kind === 'post')?.reply;
    expect(panel?.title).toBe('Suscribe la cuenta de ModelsLab del equipo');
    expect(panel?.text).toContain('Haz clic en un plan para pedirlo');
    expect(panel?.context?.[0]).toBe('/ml-subscribe muestra todos los planes, también los anuales.');
    const labels = (panel?.buttons ?? []).map((b) => plain(b.label));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/ · \d[\d.]*,\d{2} US\$\/mes$/);
    // The buttons keep their action values: a click is the same pick_plan as in English.
    expect(panel?.buttons?.every((b) => b.kind === 'action' && b.action === 'pick_plan')).toBe(true);
  });

  it('a low-balance alert speaks the workspace language; its recovery edit too', async () => {
    const w = await workspace('es');
    const monitor = createLowBalanceMonitor(w.parts, {
      thresholdCents: 1000,
      channel: { platform: 'web', channelId: 'alerts' },
      intervalMs: 60_000,
      rearmMarginCents: 0,
    });
    if (!monitor) throw new Error('no monitor');
    w.sim.controls.setBalance(9.5);
    expect(await monitor.checkOnce()).toBe('alerted');
    const alert = w.messenger.channelPosts().find((p) => p.channelId === 'alerts')?.reply;
    expect(plain(alert?.title)).toBe('Saldo bajo: 9,50 US$');
    expect(plain(alert?.text)).toBe(
      'El monedero de ModelsLab está por debajo de 10,00 US$. ¿Pedir una recarga de 20,00 US$? Pasa por la aprobación habitual.',
    );
    expect(alert?.buttons?.map((b) => [plain(b.label), b.kind === 'action' ? b.value : ''])).toEqual([
      ['Pedir recarga (20,00 US$)', '2000'],
      ['Otro importe', '2000'],
    ]);
    w.sim.controls.setBalance(30);
    expect(await monitor.checkOnce()).toBe('recovered');
    const edit = w.messenger.log.find((r) => r.kind === 'update')?.reply;
    expect(plain(edit?.title)).toBe('Saldo recuperado: 30,00 US$');
  });
});
