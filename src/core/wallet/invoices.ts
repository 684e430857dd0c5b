/**
 * `/ml invoices`: the latest invoices with a PDF button each. Each PDF link is one more billing
 * call (ModelsLab allows ~15 a minute), so only the latest few are shown.
 */

import { callBilling } from '../shared/billing-call.ts';
import { isBotError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { Invoice } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import { type InvoiceWithPdf, invoiceList } from './invoices-view.ts';

export const INVOICES_SHOWN = 5;

async function withPdf(s: EngineServices, invoice: Invoice): Promise<InvoiceWithPdf> {
  try {
    return { invoice, pdfUrl: await s.billing.invoicePdfUrl(invoice.id) };
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err, invoiceId: invoice.id }, 'invoice PDF link failed');
    return { invoice, pdfUrl: undefined };
  }
}

export const invoicesCommand: CommandSpec = {
  name: 'invoices',
  usage: '/ml invoices',
  example: '/ml invoices',
  summary: `The latest ${INVOICES_SHOWN} invoices (number, date, amount, status) with their PDFs.`,
  async run({ s, respond, t }) {
    const all = await callBilling(s, respond, 'list the invoices', () => s.billing.listInvoices());
    if (!all) return;
    const latest = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, INVOICES_SHOWN);
    const items: InvoiceWithPdf[] = [];
    for (const invoice of latest) items.push(await withPdf(s, invoice));
    await respond.reply(invoiceList(items, all.length, t));
  },
};
