/**
 * The invoice buttons (issue 13, defect 8, core part): the button says what its URL opens (a PDF
 * only when the URL is one; a hosted invoice or receipt page otherwise), works with whatever
 * http(s) URL the port returns (the simulator's own PDF route included), and a URL that is not a
 * web address is never offered as a dead button.
 */
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/core/shared/ports.ts';
import { invoiceList } from '../../src/core/wallet/invoices-view.ts';

const invoice = (n: number): Invoice => ({
  id: `in_${n}`,
  number: `MLAB-000${n}`,
  amountCents: 4900,
  currency: 'usd',
  status: 'paid',
  createdAt: '2026-11-19T12:00:00.000Z',
});

function links(pdfUrls: Array<string | undefined>) {
  const reply = invoiceList(
    pdfUrls.map((pdfUrl, i) => ({ invoice: invoice(i + 1), pdfUrl })),
    pdfUrls.length,
  );
  return { reply, links: (reply.buttons ?? []).flatMap((b) => (b.kind === 'link' ? [[b.label, b.url]] : [])) };
}

describe('invoice buttons', () => {
  it('say PDF for a PDF URL and "invoice" for a hosted page, keeping the URL as the port gave it', () => {
    const { links: shown } = links([
      'http://127.0.0.1:3000/sandbox/invoices/in_1.pdf',
      'https://pay.stripe.com/invoice/acct_1/test_in_2/pdf',
      'https://invoice.stripe.com/i/acct_1/test_in_3',
    ]);
    expect(shown).toEqual([
      ['MLAB-0001 PDF', 'http://127.0.0.1:3000/sandbox/invoices/in_1.pdf'],
      ['MLAB-0002 PDF', 'https://pay.stripe.com/invoice/acct_1/test_in_2/pdf'],
      ['MLAB-0003 invoice', 'https://invoice.stripe.com/i/acct_1/test_in_3'],
    ]);
  });

  it('never offers a URL that cannot be opened, and says how many are missing', () => {
    const { reply, links: shown } = links(['javascript:alert(1)', 'not a url', undefined]);
    expect(shown).toEqual([]);
    expect(reply.context).toEqual(['3 invoice link(s) could not be fetched; try again later.']);
    expect(reply.text.split('\n')[0]).toBe('MLAB-0001 · 19 Nov 2026 · $49.00 · paid');
  });
});
