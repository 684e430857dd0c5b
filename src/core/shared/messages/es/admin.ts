import type { admin as en } from '../en/admin.ts';
import type { Translation } from '../en/index.ts';

export const admin: Translation<typeof en> = {
  'admin.audit_approvers_only': 'Solo los aprobadores pueden exportar el registro de auditoría.',
  'admin.audit_days_rule': 'Indica un número de días del 1 al {max}.',
  'admin.audit_title': 'Registro de auditoría, {days, plural, one {último día} other {últimos # días}}',
  'admin.audit_text': '{count, plural, one {# entrada} other {# entradas}} del {from} al {to}.',
};
