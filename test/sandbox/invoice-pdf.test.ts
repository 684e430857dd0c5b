/**
 * Invoice PDFs come from the simulator itself (the sandbox's PDF buttons used to open an
 * unreachable stripe.com address): a real PDF whose cross-reference table points at its objects,
 * naming the invoice number, date and amount, served as application/pdf.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Every xref entry must point at "<n> 0 obj", and startxref at the xref table. */
function checkStructure(pdf: string): void {
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
  expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
  const [, count] = /^xref\n0 (\d+)\n/.exec(pdf.slice(startxref)) ?? [];
  const entries = pdf
    .slice(startxref)
    .split('\n')
    .slice(2, 2 + Number(count));
  expect(entries[0]).toBe('0000000000 65535 f ');
  entries.slice(1).forEach((entry, i) => {
    expect(entry).toMatch(/^\d{10} 00000 n $/);
    const offset = Number(entry.slice(0, 10));
    expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  const stream = /<< \/Length (\d+) >>\nstream\n/.exec(pdf);
  const start = (stream?.index ?? 0) + (stream?.[0].length ?? 0);
  expect(pdf.slice(start + Number(stream?.[1]), start + Number(stream?.[1]) + 10)).toBe('\nendstream');
}

describe('invoice PDFs', () => {
  it('the pdf_url the API gives serves a real PDF with the number, date and amount', async () => {
    h = await startSim({ clock: new ManualClock(Date.parse('2026-12-13T10:00:00Z')) });
    const answer = await h.call('GET', '/billing/invoices/in_1SeedInvoice0002/pdf');
    const url: string = answer.body.data.pdf_url;
    expect(url).toBe(`${h.url}/invoices/in_1SeedInvoice0002.pdf`);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="MLAB-0002.pdf"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    const pdf = bytes.toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf).toContain('(Invoice MLAB-0002)');
    expect(pdf).toContain('(Date: 1 Dec 2026)'); // seeded 12 days before the clock's now
    expect(pdf).toContain('($59.00)');
    expect(pdf).toContain('(Extra API Calls)');
    checkStructure(pdf);
  });

  it('every seeded invoice has a well-formed PDF, and the hosted invoice page links to it', async () => {
    h = await startSim();
    const list = (await h.call('GET', '/billing/invoices')).body.data.items as Array<{
      id: string;
      number: string;
      hosted_invoice_url: string;
    }>;
    for (const invoice of list) {
      expect(invoice.hosted_invoice_url).toBe(`${h.url}/invoices/${invoice.id}`);
      const page = await fetch(invoice.hosted_invoice_url);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain(`Invoice ${invoice.number}`);
      const pdfHref = /href="([^"]+)" data-testid="pdf"/.exec(html)?.[1] ?? '';
      const pdf = await fetch(new URL(pdfHref, invoice.hosted_invoice_url));
      const text = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
      expect(text).toContain(`(Invoice ${invoice.number})`);
      checkStructure(text);
    }
  });

  it('/invoices/<id>/pdf serves the same PDF', async () => {
    h = await startSim();
    const res = await fetch(`${h.url}/invoices/in_1SeedInvoice0001/pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain('(Invoice MLAB-0001)');
  });

  it('an unknown invoice is a 404, not a PDF', async () => {
    h = await startSim();
    const res = await fetch(`${h.url}/invoices/in_nope.pdf`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
