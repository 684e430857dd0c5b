/**
 * The audit trail as CSV for spreadsheets. Every cell is CSV-escaped (RFC 4180), and cells a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading `'`: names
 * and notes are typed by people. Payment URLs never appear: the audit log does not hold them,
 * and any URL in free text is cut out anyway.
 */

import type { AuditEntry } from '../requests/request.ts';
import { sessionRef } from '../shared/format.ts';
import { centsToDollars } from '../shared/money.ts';

export const AUDIT_COLUMNS = [
  'time',
  'request_id',
  'purpose',
  'from',
  'to',
  'actor',
  'amount_usd',
  'plan_id',
  'session_ref',
  'detail',
] as const;

export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const URL = /\bhttps?:\/\/\S+/gi;

function actorCell(e: AuditEntry): string {
  if (!e.actor) return '';
  return e.actor.name ? `${e.actor.name} (${e.actor.platform}:${e.actor.id})` : `${e.actor.platform}:${e.actor.id}`;
}

export function auditRow(e: AuditEntry): string[] {
  return [
    new Date(e.at).toISOString(),
    e.requestId,
    e.purpose,
    e.from ?? '',
    e.to,
    actorCell(e),
    e.amountCents !== undefined ? centsToDollars(e.amountCents).toFixed(2) : '',
    e.planId !== undefined ? String(e.planId) : '',
    e.sessionId ? sessionRef(e.sessionId) : '',
    (e.detail ?? '').replace(URL, '[link removed]'),
  ];
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [AUDIT_COLUMNS.join(','), ...entries.map((e) => auditRow(e).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
