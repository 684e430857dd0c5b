/**
 * A real, small PDF for a simulated invoice (PDF 1.4, one A4 page, the standard Helvetica fonts),
 * written by hand so the sandbox's "PDF" buttons open a document instead of an unreachable
 * stripe.com address, with no dependency. The text is ASCII only (anything else becomes "?"), so
 * string length equals byte length and the cross-reference offsets are exact.
 */
import { dollars, humanDate } from './html.ts';
import type { BillingInfoRecord, InvoiceRecord } from './model.ts';

/** PDF string literal: backslash and parentheses escaped, non-ASCII replaced. */
function pdfText(value: string): string {
  const ascii = value.replace(/[^\x20-\x7e]/g, '?');
  return `(${ascii.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

interface Line {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly bold?: boolean;
}

function contentStream(invoice: InvoiceRecord, billedTo: BillingInfoRecord): string {
  const lines: Line[] = [
    { text: 'SANDBOX - simulated invoice, nothing was charged', x: 50, y: 800, size: 9 },
    { text: 'ModelsLab, Inc.', x: 50, y: 770, size: 12, bold: true },
    { text: `Invoice ${invoice.number}`, x: 50, y: 735, size: 22, bold: true },
    { text: `Date: ${humanDate(invoice.createdAt)}`, x: 50, y: 710, size: 11 },
    { text: `Status: ${invoice.status}`, x: 50, y: 694, size: 11 },
    { text: `Invoice id: ${invoice.id}`, x: 50, y: 678, size: 11 },
    { text: `Billed to: ${billedTo.name} <${billedTo.email}>`, x: 50, y: 652, size: 11 },
    { text: 'Description', x: 50, y: 615, size: 11, bold: true },
    { text: 'Amount', x: 450, y: 615, size: 11, bold: true },
  ];
  let y = 597;
  for (const item of invoice.lines) {
    lines.push(
      { text: item.description, x: 50, y, size: 11 },
      { text: dollars(item.amountCents), x: 450, y, size: 11 },
    );
    y -= 16;
  }
  lines.push(
    { text: 'Total (USD)', x: 50, y: y - 10, size: 12, bold: true },
    { text: dollars(invoice.amountCents), x: 450, y: y - 10, size: 12, bold: true },
  );
  return lines
    .map((l) => `BT /${l.bold ? 'F2' : 'F1'} ${l.size} Tf ${l.x} ${l.y} Td ${pdfText(l.text)} Tj ET`)
    .join('\n');
}

/** The invoice as PDF bytes. */
export function invoicePdf(invoice: InvoiceRecord, billedTo: BillingInfoRecord): Buffer {
  const content = contentStream(invoice, billedTo);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfText(`Invoice ${invoice.number}`)} /Producer (mlbot sandbox) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, n/f, " \n".
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
