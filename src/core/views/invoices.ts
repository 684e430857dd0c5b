/** Recent invoices, each with its PDF as a link button (invoice PDFs are not payment links). */
import { formatUsd } from '../money.ts';
import type { Invoice } from '../ports.ts';
import type { Button, Reply } from '../reply.ts';

export interface InvoiceWithPdf {
  readonly invoice: Invoice;
  readonly pdfUrl: string | undefined;
}

export function invoiceLine(i: Invoice): string {
  const currency = i.currency.toUpperCase() === 'USD' ? '' : ` ${i.currency.toUpperCase()}`;
  return `${i.number} · ${i.createdAt.slice(0, 10)} · ${formatUsd(i.amountCents)}${currency} · ${i.status}`;
}

export function invoiceList(items: readonly InvoiceWithPdf[], total: number): Reply {
  if (items.length === 0) return { text: 'No invoices yet.', ephemeral: true, tone: 'info' };
  const buttons: Button[] = items.flatMap(({ invoice, pdfUrl }) =>
    pdfUrl ? [{ kind: 'link', url: pdfUrl, label: `${invoice.number} PDF` } as const] : [],
  );
  const missing = items.length - buttons.length;
  return {
    title: total > items.length ? `Latest ${items.length} of ${total} invoices` : `Invoices (${total})`,
    text: items.map(({ invoice }) => invoiceLine(invoice)).join('\n'),
    buttons,
    ...(missing ? { context: [`${missing} PDF link(s) could not be fetched; try again later.`] } : {}),
    ephemeral: true,
    tone: 'info',
  };
}
