/**
 * Issue 16, the admin side: `/ml help`, the table's refusals, the one failure answer and the spend
 * report in the person's language, and English byte-identical to the specs' own words.
 */
import { describe, expect, it } from 'vitest';
import { HELP_TEXTS, helpSummary } from '../../src/core/admin/index.ts';
import { COMMANDS } from '../../src/core/registry/commands.ts';
import { REPORT_DEFAULT_DAYS, REPORT_MAX_DAYS, type ReportFigures, reportText } from '../../src/core/report/index.ts';
import { textsFor } from '../../src/core/shared/i18n.ts';
import { TrackedInbound } from '../../src/core/shared/inbound.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { MIN_AUTO_AMOUNT_CENTS, MIN_AUTO_THRESHOLD_CENTS } from '../../src/core/wallet/autorecharge.ts';
import { INVOICES_SHOWN } from '../../src/core/wallet/invoices.ts';
import { TX_PAGE_SIZE } from '../../src/core/wallet/ledger-view.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { alice, harness } from './harness.ts';

const messages = createMessageFormatter();
const en = textsFor(messages, 'en');
const es = textsFor(messages, 'es');
/** Intl separates the amount from "US$" with a no-break space; the assertions read it as a space. */
const plain = (text: string | undefined) => (text ?? '').replaceAll('\u00a0', ' ');
const lucia: Actor = { ...alice, id: 'U-lucia', name: 'lucia', locale: 'es-ES' };

describe('/ml help in each language', () => {
  it('has a catalog summary for every command, and its English is the spec’s summary to the byte', () => {
    expect(COMMANDS.filter((c) => !HELP_TEXTS[c.name]).map((c) => c.name)).toEqual([]);
    for (const spec of COMMANDS) expect(helpSummary(en, spec), spec.name).toBe(spec.summary);
    // The numbers help repeats from the wallet room are the wallet room's.
    expect(helpSummary(en, { name: 'transactions', summary: '' })).toContain(`${TX_PAGE_SIZE} at a time`);
    expect(helpSummary(en, { name: 'invoices', summary: '' })).toContain(`latest ${INVOICES_SHOWN} invoices`);
    expect(helpSummary(en, { name: 'autorecharge', summary: '' })).toContain(
      `at least ${en.money(MIN_AUTO_AMOUNT_CENTS)}, threshold at least ${en.money(MIN_AUTO_THRESHOLD_CENTS)}`,
    );
  });

  it('answers an es-ES member in Spanish, money as "5,00 US$", command lines untouched', async () => {
    const h = harness();
    const [help] = await h.command(lucia, 'ml', 'help');
    expect(help?.title).toBe('Comandos de mlbot');
    expect(help?.text).toBe('Paga la cuenta de ModelsLab del equipo desde el chat, con un aprobador al tanto.');
    const audit = help?.fields?.find((f) => f.label.startsWith('/ml audit'));
    expect(audit).toEqual({
      label: '/ml audit [days] (aprobadores)',
      value:
        'Aprobadores: cada solicitud y cambio de estado de los últimos 30 días (hasta 365) en un archivo CSV. p. ej. /ml audit 90',
    });
    const auto = help?.fields?.find((f) => f.label.startsWith('/ml autorecharge'));
    expect(plain(auto?.value)).toContain('al menos 5,00 US$, umbral de al menos 1,00 US$');
    expect(JSON.stringify(help)).not.toMatch(/This list|Approvers:/);
  });

  it('keeps English for a member without a locale', async () => {
    const h = harness();
    const [help] = await h.command(alice, 'ml', 'help');
    expect(help?.title).toBe('mlbot commands');
    const report = help?.fields?.find((f) => f.label.startsWith('/ml report'));
    expect(report?.value).toBe(
      `Approvers: spend by member and purpose, API usage, balance by day and open requests for the last ${REPORT_DEFAULT_DAYS} days (up to ${REPORT_MAX_DAYS}), with charts. e.g. /ml report 30`,
    );
  });

  it('refuses an unknown /ml command in Spanish, with the usage as typed', async () => {
    const h = harness();
    const [answer] = await h.command(lucia, 'ml', 'nada');
    // The usage line after the rule is the shared usage helper's (i16-fund translates it).
    expect(answer?.text).toMatch(/^No existe el comando "\/ml nada"\. .*\/ml help.*\/ml status$/);
  });
});

describe('the one failure answer in the person’s language', () => {
  const event = (actor: Actor): InboundEvent => ({
    kind: 'command',
    command: 'ml',
    text: 'status',
    platform: 'slack',
    eventId: `ev-${actor.id}`,
    actor,
    conversation: { platform: 'slack', channelId: 'C-general' },
    receivedAt: 0,
  });
  const failing = { handle: async () => Promise.reject(new Error('boom')) };
  async function answerTo(door: TrackedInbound, actor: Actor): Promise<Reply | undefined> {
    const replies: Reply[] = [];
    door.receive(event(actor), { reply: async (r) => void replies.push(r) });
    await door.idle();
    return replies[0];
  }

  it('speaks the actor’s locale, else the workspace’s; English stays as it was', async () => {
    const door = new TrackedInbound(failing, silentLogger, { messages });
    expect((await answerTo(door, lucia))?.text).toMatch(/^Algo salió mal \(ref\.: [a-z0-9]{8}\)\.$/);
    expect((await answerTo(door, alice))?.text).toMatch(/^Something went wrong \(ref: [a-z0-9]{8}\)\.$/);
    const spanishWorkspace = new TrackedInbound(failing, silentLogger, { messages, locale: () => 'es' });
    expect((await answerTo(spanishWorkspace, alice))?.text).toMatch(/^Algo salió mal/);
    // A door with no formatter (adapter tests' stand-ins) still gives the catalog's English.
    const english = new TrackedInbound(failing, silentLogger);
    expect((await answerTo(english, lucia))?.text).toMatch(/^Something went wrong \(ref: [a-z0-9]{8}\)\.$/);
  });

  it('the engine answers its own unexpected failure in the actor’s language', async () => {
    const h = harness();
    h.requests.listOpen = async () => {
      throw new Error('store down');
    };
    const [answer] = await h.command(lucia, 'ml', 'status');
    expect(answer?.text).toMatch(/^Algo salió mal \(ref\.: [a-z0-9]{8}\)\.$/);
    expect(answer?.tone).toBe('danger');
  });
});

describe('the spend report in Spanish', () => {
  const figures: ReportFigures = {
    fromMs: Date.UTC(2026, 10, 23, 12),
    toMs: Date.UTC(2026, 10, 30, 12),
    days: 7,
    byMember: [{ member: { platform: 'slack', id: 'U-ann', name: 'ann' }, cents: 123_450, payments: 1 }],
    topUpsCents: 123_450,
    subscriptionsCents: 0,
    spentCents: 123_450,
    apiUsageCents: 2_000,
    otherDebitsCents: 0,
    creditsCents: 123_450,
    balanceNowCents: 150_000,
    balance: [{ atMs: Date.UTC(2026, 10, 30, 12), balanceCents: 150_000 }],
    openCount: 0,
    openCents: 0,
  };

  it('says every figure in Spanish, amounts still USD', () => {
    const text = plain(reportText(es, figures, true));
    expect(text).toContain('Gastado (pagos confirmados): 1234,50 US$');
    expect(text).toContain('• ⟦user:U-ann⟧: 1234,50 US$ (1 pago)');
    expect(text).toContain('Solicitudes abiertas: ninguna.');
    expect(text).toContain('el historial de saldo están incompletos');
    expect(reportText(en, figures, false)).toContain('• ⟦user:U-ann⟧: $1,234.50 (1 payment)');
  });
});
