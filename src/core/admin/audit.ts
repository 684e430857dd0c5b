/** `/ml audit [days]`: approvers get the audit trail of the last N days (default 30, max 365) as CSV. */

import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { auditCsv } from './audit-csv.ts';

const DAY = 24 * 60 * 60 * 1000;
export const AUDIT_DEFAULT_DAYS = 30;
export const AUDIT_MAX_DAYS = 365;

/** The file name keeps ISO dates (they sort); the text says them as people do. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const auditCommand: CommandSpec = {
  name: 'audit',
  usage: '/ml audit [days]',
  example: '/ml audit 90',
  summary: `Approvers: every request and transition of the last ${AUDIT_DEFAULT_DAYS} days (up to ${AUDIT_MAX_DAYS}) as a CSV file.`,
  audience: 'approvers',
  async run({ s, event, args, respond, t }) {
    if (!event.actor.isApprover) {
      await respond.reply(refusal(t.t('admin.audit_approvers_only')));
      return;
    }
    const text = args.trim();
    const days = text === '' ? AUDIT_DEFAULT_DAYS : /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
    if (!(days >= 1 && days <= AUDIT_MAX_DAYS)) {
      await respond.reply(
        refusal(t.t('admin.audit_days_rule', { max: AUDIT_MAX_DAYS }), auditCommand, event.platform, t),
      );
      return;
    }
    const now = s.clock.now();
    const since = now - days * DAY;
    const entries = await s.audit.list(since);
    await respond.reply({
      title: t.t('admin.audit_title', { days }),
      text: t.t('admin.audit_text', { count: entries.length, from: t.date(since), to: t.date(now) }),
      attachment: {
        filename: `mlbot-audit-${day(since)}-${day(now)}.csv`,
        contentType: 'text/csv',
        content: auditCsv(entries),
      },
      ephemeral: true,
      tone: 'info',
    });
  },
};
