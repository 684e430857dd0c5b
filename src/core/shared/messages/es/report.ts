import type { Translation } from '../en/index.ts';
import type { report as en } from '../en/report.ts';

export const report: Translation<typeof en> = {
  'report.approvers_only': 'Solo los aprobadores pueden ver el informe de gasto.',
  'report.days_rule': 'Indica un número entero de días del 1 al {max} (por defecto, {default}).',
  'report.title': 'Informe de gasto, {days, plural, one {último día} other {últimos # días}}',
  'report.window': 'Del {from} al {to} (UTC).',
  'report.spent': 'Gastado (pagos confirmados): {spent}: recargas {topUps}, suscripciones {subscriptions}.',
  'report.by_member_none': 'Por miembro: ningún pago confirmado.',
  'report.by_member': 'Por miembro:',
  'report.member_line': '• {member}: {amount} ({payments, plural, one {# pago} other {# pagos}})',
  'report.api_usage': 'Uso de la API: {usage} frente a {credits} abonados (recargas, cupones, reembolsos).',
  'report.api_usage_other':
    'Uso de la API: {usage} frente a {credits} abonados (recargas, cupones, reembolsos); otros cargos {other}.',
  'report.balance': 'Saldo: {now} ahora.',
  'report.balance_from': 'Saldo: {first} al final del {day}, {now} ahora.',
  'report.balance_by_day': 'Saldo por día: {points}',
  'report.open_none': 'Solicitudes abiertas: ninguna.',
  'report.open': 'Solicitudes abiertas: {count, number}, {amount} en total (/ml status las muestra).',
  'report.truncated':
    'El registro de movimientos tenía más líneas de las que lee un informe: el uso de la API y el historial de saldo están incompletos.',
  'report.chart_balance': 'Saldo, {days, plural, one {último día} other {últimos # días}} (al final del día, UTC)',
  'report.chart_members': 'Gasto confirmado por miembro, {days, plural, one {último día} other {últimos # días}}',
  'report.chart_alt': '{title}: {points}',
  'report.charts_off': 'Los gráficos están desactivados en este servidor (no hay una fuente para gráficos instalada).',
  'report.charts_failed': 'Esta vez no se pudieron dibujar los gráficos; todas las cifras están arriba.',
  'report.weekly_context': 'Informe semanal (los lunes a las 09:00 UTC).',
};
