/**
 * A fund request in Spanish, through the real catalog and formatter: the card, the payer's DM and
 * the receipt read as Spanish (money "25,00 US$", Spanish dates), with none of the English words
 * of their English versions; and in a flow, the payer DM follows the requester's language while
 * channel posts keep the workspace's.
 */
import { describe, expect, it } from 'vitest';
import { requestCard } from '../../src/core/requests/card.ts';
import { payPageState } from '../../src/core/requests/pay-page-state.ts';
import { paidDm, paymentLinkDm } from '../../src/core/requests/payer-dm.ts';
import { receipt } from '../../src/core/requests/receipt.ts';
import { reminderPost } from '../../src/core/requests/reminders.ts';
import type { CheckoutAttempt, PaymentRequest } from '../../src/core/requests/request.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { en, es } from '../support/texts.ts';
import { alice, bob, harness, paidOutcome } from './harness.ts';

const NOW = Date.UTC(2026, 11, 2, 6, 43);
const attempt: CheckoutAttempt = {
  n: 1,
  idempotencyKey: 'paylink-r1-1',
  sessionId: 'cs_test_abcdefgh12345678',
  paymentUrl: 'https://pay.example/cs_test_abcdefgh12345678',
  expiresAt: NOW + 24 * 60 * 60 * 1000,
  confirmedAt: NOW,
  balanceCents: 12_550,
};
const request: PaymentRequest = {
  id: 'r1',
  purpose: 'fund',
  amountCents: 2_500,
  note: 'eval',
  platform: 'slack',
  conversation: { platform: 'slack', channelId: 'C1' },
  requester: { platform: 'slack', id: 'U1' },
  payer: { platform: 'slack', id: 'U1' },
  needsApproval: true,
  state: 'awaiting_approval',
  approvalExpiresAt: NOW,
  createdAt: NOW,
  updatedAt: NOW,
  attempts: [attempt],
  version: 1,
};
const approved: PaymentRequest = { ...request, state: 'awaiting_payment', approver: { platform: 'slack', id: 'U2' } };
const paid: PaymentRequest = { ...approved, state: 'paid' };

/** Everything a person reads in a message: title, text, fields, context and button labels. */
function allText(reply: Reply): string {
  return [
    reply.title ?? '',
    reply.text,
    ...(reply.fields ?? []).flatMap((f) => [f.label, f.value]),
    ...(reply.context ?? []),
    ...(reply.buttons ?? []).map((b) => b.label),
  ]
    .join('\n')
    .replaceAll('\u00a0', ' ');
}

/** English words of the English versions that must not survive in Spanish. */
const ENGLISH =
  /\b(request|approve|deny|cancel|awaiting|approval|amount|status|requester|wallet|link|expires|paid|receipt|balance|payment|Dec)\b/i;

describe('a fund request in Spanish', () => {
  it('the card: Spanish title, fields, status and buttons, money as 25,00 US$ and a Spanish date', () => {
    const card = allText(requestCard(es, request));
    expect(card).toContain('Solicitud de fondos · 25,00 US$');
    expect(card).toContain('Pendiente de aprobación');
    expect(card).toContain('2 dic, 06:43 UTC');
    expect(card).toContain('Aprobar');
    expect(card).toContain('Rechazar');
    expect(card).not.toMatch(ENGLISH);
    // The same card in English keeps today's words (the list above is not empty words).
    expect(allText(requestCard(en, request))).toMatch(ENGLISH);
  });

  it("the payer's DM: Spanish text and buttons, the expiry as a Spanish time", () => {
    const dm = allText(paymentLinkDm(es, approved, attempt));
    expect(dm).toContain('Pagar 25,00 US$');
    expect(dm).toContain('3 dic, 06:43 UTC');
    expect(dm).toContain('Ya pagué');
    expect(dm).not.toMatch(ENGLISH);
    const received = allText(paidDm(es, paid, attempt));
    expect(received).toContain('Recibido: 25,00 US$');
    expect(received).toContain('125,50 US$');
    expect(received).not.toMatch(ENGLISH);
  });

  it('the receipt: Spanish headline and fields, with the new balance', () => {
    const posted = allText(receipt(es, paid, attempt));
    expect(posted).toContain('Recibo · 25,00 US$');
    expect(posted).toContain('Saldo nuevo: 125,50 US$');
    expect(posted).toContain('Sesión');
    expect(posted).not.toMatch(ENGLISH);
  });

  it('in a flow: a Spanish-speaking requester gets Spanish answers and DMs; the channel keeps English', async () => {
    const h = harness();
    const maria = { ...alice, locale: 'es-419' };
    const replies = await h.command(maria, 'fund', '25 eval');
    expect(replies.at(-1)?.text).toBe('La solicitud req1 espera a un aprobador.');
    expect((await h.request('req1')).locale).toBe('es');
    const [card] = h.messenger.channelPosts();
    expect(card?.reply.title).toBe('Fund request · $25.00');

    const answers = await h.click(bob, 'approve', 'req1');
    expect(answers.at(-1)?.text).toContain('Approved req1');
    const [dm] = h.messenger.dmsTo(alice.id);
    expect(allText(dm!.reply)).toContain('Pagar 25,00 US$');
    expect(allText(dm!.reply)).not.toMatch(ENGLISH);

    await h.outcome('req1', paidOutcome(60_000));
    const r = await h.request('req1');
    expect(allText(h.messenger.latest(dm!.ref!)!)).toContain('Recibido, ¡gracias!');
    const [posted] = h.messenger.threadPosts(r.card!);
    expect(posted?.reply.title).toBe('Receipt · $25.00');
  });

  it('the pay page and the reminder speak Spanish too, with ICU plurals for the wait', () => {
    const page = payPageState(es, paid, attempt, NOW);
    expect(page.title).toBe('Ya está pagada');
    expect(page.lines.join(' ').replaceAll('\u00a0', ' ')).toContain('una recarga del monedero de 25,00 US$');
    expect(reminderPost(es, request, 60 * 60 * 1000).text).toContain('desde hace 1 hora');
    expect(reminderPost(es, request, 3 * 60 * 60 * 1000).text).toContain('desde hace 3 horas');
    expect(reminderPost(en, request, 90 * 60 * 1000).text).toContain('for 90 minutes');
  });

  it("a bad amount is refused in the requester's language, with the usage line", async () => {
    const h = harness();
    const replies = await h.command({ ...alice, locale: 'es-ES' }, 'fund', '0.001');
    const text = replies.at(-1)?.text ?? '';
    expect(text).toContain('Los importes pueden tener como máximo 2 decimales');
    expect(text).toContain('Uso: /ml-fund <amount> [note] — p. ej. /ml-fund 50 eval run');
    expect(h.messenger.channelPosts()).toEqual([]);
  });
});
