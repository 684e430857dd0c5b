import type { discordCommands as en } from '../en/discord-commands.ts';
import type { Translation } from '../en/index.ts';

// The subcommand words (help, status, coupon CODE, …) stay English: they are what the member types.
export const discordCommands: Translation<typeof en> = {
  'discordCommands.fund': 'Pide recargar el monedero compartido de ModelsLab (un aprobador confirma)',
  'discordCommands.fund_amount':
    'Monto en dólares estadounidenses (de {min} a {max}); omítelo para abrir un formulario',
  'discordCommands.fund_note': 'Para qué es el dinero',
  'discordCommands.subscribe': 'Suscribe la cuenta compartida de ModelsLab a un plan',
  'discordCommands.subscribe_plan': 'Nombre o id del plan (déjalo vacío para ver los planes)',
  'discordCommands.balance': 'Muestra el saldo del monedero de ModelsLab y los movimientos recientes',
  'discordCommands.balance_public': 'Publicarlo en el canal en lugar de mostrártelo solo a ti',
  'discordCommands.ml':
    'Más: help, status, transactions, invoices, coupon, autorecharge, cards, billing, audit, report…',
  'discordCommands.ml_command':
    'help, status, transactions, invoices, coupon CÓDIGO, autorecharge, cards, billing, audit, panel…',
};
