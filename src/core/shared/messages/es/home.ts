import type { home as en } from '../en/home.ts';
import type { Translation } from '../en/index.ts';

export const home: Translation<typeof en> = {
  'home.balance_title': 'Saldo: {amount}{currency, select, USD {} other { {currency}}}',
  'home.balance_text': 'Recarga con /ml-fund; los detalles, con /ml-balance.',
  'home.balance_unknown_title': 'Saldo',
  'home.balance_unknown_text': 'ModelsLab no responde en este momento; inténtalo de nuevo en un minuto.',
  'home.open_title': 'Solicitudes abiertas ({count, number})',
  'home.open_line':
    '{id} · {purpose, select, fund {recarga} subscribe {suscripción} other {{purpose}}} {what} · {status} · {who}',
  'home.open_none': 'No hay solicitudes abiertas.',
  'home.receipts_title': 'Recibos recientes',
  'home.receipt_line': '{when} · {what} · {who} · {id}',
  'home.receipts_none': 'Todavía no hay pagos.',
};
