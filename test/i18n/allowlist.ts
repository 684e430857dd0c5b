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
  // The desk's commands as /ml help lists them: CommandSpec.summary is a plain string of the
  // registry (i16-admin's room); when help takes its summaries from the catalog, these three move
  // there with the rest and these entries go.
  {
    file: 'workspace/commands.ts',
    text: 'Connect the ModelsLab account this workspace pays into',
    why: 'help summary: CommandSpec.summary (registry) is not a catalog key yet',
  },
  {
    file: 'workspace/commands.ts',
    text: 'Disconnect the ModelsLab account (asks to confirm',
    why: 'help summary: CommandSpec.summary (registry) is not a catalog key yet',
  },
  {
    file: 'workspace/commands.ts',
    text: 'See and change approvers, thresholds, limits and balance alerts.',
    why: 'help summary: CommandSpec.summary (registry) is not a catalog key yet',
  },
  // Fund and requests (i16-fund): audit details, developer errors, help summaries, a command line.
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
    file: 'requests/request-lock.ts',
    text: 'is being handled by another process',
    why: "developer message of a BotError subclass (the person reads its code's catalog text)",
  },
  {
    file: 'requests/state-machine.ts',
    text: 'is not a valid transition',
    why: "developer message of a BotError subclass (the person reads its code's catalog text)",
  },
  {
    file: 'fund/fund.ts',
    text: 'Ask for a top-up of the ModelsLab wallet',
    why: 'help summary: CommandSpec.summary; /ml help reads it from the catalog (admin/help-texts.ts)',
  },
  {
    file: 'fund/cancel-command.ts',
    text: 'Cancel a request (requester or approver).',
    why: 'help summary: CommandSpec.summary (admin/help-texts.ts)',
  },
  {
    file: 'fund/deny-command.ts',
    text: 'Approvers: deny a request, optionally with a reason',
    why: 'help summary: CommandSpec.summary (admin/help-texts.ts)',
  },
  {
    file: 'fund/status.ts',
    text: 'Open and recently failed requests with the buttons you may use',
    why: 'help summary: CommandSpec.summary (admin/help-texts.ts)',
  },
  {
    file: 'fund/deny-form.ts',
    text: '/ml deny {…} [reason]',
    why: 'a command line (command names stay untranslated)',
  },
];
