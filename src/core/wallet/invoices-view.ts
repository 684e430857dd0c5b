/**
 * Recent invoices, each with its document as a link button (invoice documents are not payment
 * links). ModelsLab's PDF endpoint may answer with the PDF itself, a hosted invoice page or a
 * receipt page (the port takes whichever it gets), so the button says "PDF" only when the URL is
 * one, and a URL that is not http(s) is not offered at all.
 */

import { ENGLISH_TEXTS } from '../shared/english-texts.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Invoice } from '../shared/ports.ts';
import type { Button, Reply } from '../shared/reply.ts';

export interface InvoiceWithPdf {
  readonly invoice: Invoice;
  readonly pdfUrl: string | undefined;
}

export function invoiceLine(i: Invoice, t: Texts = ENGLISH_TEXTS): string {
  const currency = i.currency.toUpperCase() === 'USD' ? '' : ` ${i.currency.toUpperCase()}`;
  return t.t('wallet.invoice_line', {
    number: i.number,
    date: t.date(i.createdAt),
    amount: t.money(i.amountCents),
    currency,
    status: i.status,
  });
}

/** The button's label: honest about what the URL opens. */
export function invoiceButtonLabel(invoice: Invoice, url: URL, t: Texts = ENGLISH_TEXTS): string {
  const key = /(\.pdf|\/pdf)$/i.test(url.pathname) ? 'wallet.invoice_pdf' : 'wallet.invoice_page';
  return t.t(key, { number: invoice.number });
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

/** `t` defaults to English for callers without a language (the invoice-links test). */
export function invoiceList(items: readonly InvoiceWithPdf[], total: number, t: Texts = ENGLISH_TEXTS): Reply {
  if (items.length === 0) return { text: t.t('wallet.no_invoices'), ephemeral: true, tone: 'info' };
  const buttons: Button[] = items.flatMap(({ invoice, pdfUrl }) => {
    const url = openableUrl(pdfUrl);
    return url ? [{ kind: 'link', url: url.href, label: invoiceButtonLabel(invoice, url, t) } as const] : [];
  });
  const missing = items.length - buttons.length;
  return {
    title:
      total > items.length
        ? t.t('wallet.invoices_latest', { shown: items.length, total })
        : t.t('wallet.invoices_all', { total }),
    text: items.map(({ invoice }) => invoiceLine(invoice, t)).join('\n'),
    buttons,
    ...(missing ? { context: [t.t('wallet.invoice_links_missing', { missing })] } : {}),
    ephemeral: true,
    tone: 'info',
  };
}
