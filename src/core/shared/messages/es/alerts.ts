import type { alerts as en } from '../en/alerts.ts';
import type { Translation } from '../en/index.ts';

export const alerts: Translation<typeof en> = {
  'alerts.low_title': 'Saldo bajo: {balance}',
  'alerts.low_text':
    'El monedero de ModelsLab está por debajo de {threshold}. ¿Pedir una recarga de {amount}? Pasa por la aprobación habitual.',
  'alerts.low_button': 'Pedir recarga ({amount})',
  'alerts.recovered_title': 'Saldo recuperado: {balance}',
  'alerts.recovered_text': 'El monedero de ModelsLab vuelve a estar por encima de {threshold}.',
  'alerts.custom_button': 'Otro importe',
};
