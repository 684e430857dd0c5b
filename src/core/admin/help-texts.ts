/**
 * Each command's help summary in the catalog, keyed by the command's name. The command specs
 * (each room's) keep their English `summary` for registration and for a command this map does
 * not know yet, which help shows in English (test/core/help-languages.test.ts lists none, and
 * checks that each English entry here equals its spec's summary, numbers included).
 */

import { REPORT_DEFAULT_DAYS, REPORT_MAX_DAYS } from '../report/index.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { MessageKey, MessageValues, Texts } from '../shared/i18n.ts';
import { AUDIT_DEFAULT_DAYS, AUDIT_MAX_DAYS } from './audit.ts';

// The wallet room's page sizes and ModelsLab's auto-recharge minimums: wallet/ has no front door
// to import them through, so they are repeated here and the test checks them against wallet/.
const TX_PAGE_SIZE = 5;
const INVOICES_SHOWN = 5;
const MIN_AUTO_AMOUNT_CENTS = 500;
const MIN_AUTO_THRESHOLD_CENTS = 100;

interface HelpText {
  readonly key: MessageKey;
  readonly values?: (t: Texts) => MessageValues;
}

export const HELP_TEXTS: Readonly<Record<string, HelpText>> = {
  fund: { key: 'help.summary.fund' },
  subscribe: { key: 'help.summary.subscribe' },
  balance: { key: 'help.summary.balance' },
  status: { key: 'help.summary.status' },
  transactions: { key: 'help.summary.transactions', values: () => ({ count: TX_PAGE_SIZE }) },
  invoices: { key: 'help.summary.invoices', values: () => ({ count: INVOICES_SHOWN }) },
  coupon: { key: 'help.summary.coupon' },
  autorecharge: {
    key: 'help.summary.autorecharge',
    values: (t) => ({ amount: t.money(MIN_AUTO_AMOUNT_CENTS), threshold: t.money(MIN_AUTO_THRESHOLD_CENTS) }),
  },
  cards: { key: 'help.summary.cards' },
  billing: { key: 'help.summary.billing' },
  cancel: { key: 'help.summary.cancel' },
  deny: { key: 'help.summary.deny' },
  audit: { key: 'help.summary.audit', values: () => ({ days: AUDIT_DEFAULT_DAYS, max: AUDIT_MAX_DAYS }) },
  report: { key: 'help.summary.report', values: () => ({ days: REPORT_DEFAULT_DAYS, max: REPORT_MAX_DAYS }) },
  panel: { key: 'help.summary.panel' },
  connect: { key: 'help.summary.connect' },
  disconnect: { key: 'help.summary.disconnect' },
  settings: { key: 'help.summary.settings' },
  help: { key: 'help.summary.help' },
};

/** The command's summary in `t`'s language; the spec's own (English) text when the map lacks it. */
export function helpSummary(t: Texts, spec: Pick<CommandSpec, 'name' | 'summary'>): string {
  const entry = HELP_TEXTS[spec.name];
  return entry ? t.t(entry.key, entry.values?.(t)) : spec.summary;
}
