/**
 * Recent invoices, each with its document as a link button (invoice documents are not payment
 * links). ModelsLab's PDF endpoint may answer with the PDF itself, a hosted invoice page or a
 * receipt page (the port takes whichever it gets), so the button says "PDF" only when the URL is
 * one, and a URL that is not http(s) is not offered at all.
 */

import { formatDate } from '../shared/format.ts';
import { formatUsd } from '../shared/money.ts';
import type { Invoice } from '../shared/ports.ts';
import type { Button, Reply } from '../shared/reply.ts';

export interface InvoiceWithPdf {
  readonly invoice: Invoice;
  readonly pdfUrl: string | undefined;
}

export function invoiceLine(i: Invoice): string {
  const currency = i.currency.toUpperCase() === 'USD' ? '' : ` ${i.currency.toUpperCase()}`;
  return `${i.number} · ${formatDate(i.createdAt)} · ${formatUsd(i.amountCents)}${currency} · ${i.status}`;
}

/** The button's label: honest about what the URL opens. */
export function invoiceButtonLabel(invoice: Invoice, url: URL): string {
  return /(\.pdf|\/pdf)$/i.test(url.pathname) ? `${invoice.number} PDF` : `${invoice.number} invoice`;
}

function openableUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function invoiceList(items: readonly InvoiceWithPdf[], total: number): Reply {
  if (items.length === 0) return { text: 'No invoices yet.', ephemeral: true, tone: 'info' };
  const buttons: Button[] = items.flatMap(({ invoice, pdfUrl }) => {
    const url = openableUrl(pdfUrl);
    return url ? [{ kind: 'link', url: url.href, label: invoiceButtonLabel(invoice, url) } as const] : [];
  });
  const missing = items.length - buttons.length;
  return {
    title: total > items.length ? `Latest ${items.length} of ${total} invoices` : `Invoices (${total})`,
    text: items.map(({ invoice }) => invoiceLine(invoice)).join('\n'),
    buttons,
    ...(missing ? { context: [`${missing} invoice link(s) could not be fetched; try again later.`] } : {}),
    ephemeral: true,
    tone: 'info',
  };
}
