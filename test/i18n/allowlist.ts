/**
 * Literals in src/core that read like words but that no rule of scan-texts.ts covers, each with
 * why it stays in the code. Keep it short: a text people see goes in the catalog
 * (docs/languages.md), never here.
 */
export interface Allowed {
  /** Path under src/core. */
  readonly file: string;
  /** A piece of the literal (as scan-texts shows it: `{…}` for each placeholder). */
  readonly text: string;
  readonly why: string;
}

export const ALLOWLIST: readonly Allowed[] = [
  {
    file: 'shared/i18n.ts',
    text: '{…} UTC',
    why: 'The time zone after an Intl-formatted time: "UTC" is the same in every language.',
  },
  // Fund and requests: audit details (records, kept in English).
  {
    file: 'requests/outcome.ts',
    text: 'after the request was cancelled',
    why: "audit detail of a late payment (LATE_DETAIL feeds the audit log's detail, a CSV record kept in English)",
  },
  {
    file: 'requests/outcome.ts',
    text: 'after the request failed',
    why: 'audit detail (LATE_DETAIL)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'after the link was marked expired',
    why: 'audit detail (LATE_DETAIL)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'on an older link, after a newer one was sent',
    why: 'audit detail (LATE_DETAIL)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'a second payment: the request was already paid',
    why: 'audit detail (LATE_DETAIL)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'confirmed (already credited earlier)',
    why: 'audit detail of a confirmed payment (built before the ledger call)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'attempt {…} {…}{…}',
    why: 'audit detail of a confirmed payment (built before the ledger call)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'an older link',
    why: 'audit detail of an ended session (noteEnd)',
  },
  {
    file: 'requests/outcome.ts',
    text: 'a {…} request',
    why: 'audit detail of an ended session (noteEnd)',
  },
  {
    file: 'fund/deny-form.ts',
    text: '/ml deny {…} [reason]',
    why: 'a command line (command names stay untranslated)',
  },
  // Records, developer messages and formats: what each stands for is never a sentence people read.
  {
    file: 'admin/audit-csv.ts',
    text: '[link removed]',
    why: "the audit CSV's cell text for a redacted URL: a record, kept in English like every audit detail",
  },
  {
    file: 'coupons/coupon-form.ts',
    text: 'coupon {…}',
    why: 'the command line the coupon form stands for (`/ml coupon <code>`), handed to the command',
  },
  {
    file: 'shared/errors.ts',
    text: 'rate limited, retry after',
    why: "a default parameter of BillingRateLimitError's message: logs only (answers come from its code)",
  },
  {
    file: 'shared/errors.ts',
    text: 'direct messages to this user are closed',
    why: "a default parameter of DmClosedError's message: logs only (people get shared.dms_closed)",
  },
  {
    file: 'shared/format.ts',
    text: '{…} {…}, {…}:{…} UTC',
    why: "English's time format (Texts.time for en): other languages format through Intl",
  },
  {
    file: 'subscriptions/subscribe.ts',
    text: '/ml-subscribe {…}',
    why: 'an example command line with a real plan name (commands are the same in every language)',
  },
];
