/** The admin room: `/ml audit`. */
export const admin = {
  'admin.audit_approvers_only': 'Only approvers can export the audit log.',
  'admin.audit_days_rule': 'Give a number of days from 1 to {max}.',
  'admin.audit_title': 'Audit log, last {days} days',
  'admin.audit_text': '{count, plural, one {# entry} other {# entries}} from {from} to {to}.',
} as const;
