/**
 * What the command box accepts: the Slack spellings, so the playground teaches the real thing.
 * Parsing stops at "which command, and the rest as typed"; the engine validates the rest.
 */
import type { Texts } from '../../src/core/shared/i18n.ts';
import type { CommandName } from '../../src/core/shared/types.ts';

const COMMANDS: Readonly<Record<string, CommandName>> = {
  '/ml-fund': 'fund',
  '/ml-subscribe': 'subscribe',
  '/ml-balance': 'balance',
  '/ml': 'ml',
};

export const COMMAND_HELP = ['/ml-fund 50 GPU budget', '/ml-subscribe', '/ml-balance', '/ml help'] as const;

export type ParsedCommand = { ok: true; command: CommandName; text: string } | { ok: false; message: string };

export function parseCommandLine(t: Texts, line: string): ParsedCommand {
  const trimmed = line.trim();
  const [head = ''] = trimmed.split(/\s+/);
  const command = COMMANDS[head.toLowerCase()];
  if (!command) {
    // "ml help" or "ml-fund 50": the command is right, only the slash is missing.
    const slashed = `/${head.toLowerCase()}`;
    if (!head.startsWith('/') && COMMANDS[slashed]) {
      const suggestion = `/${trimmed}`.slice(0, 60);
      return { ok: false, message: t.t('adapters.web_missing_slash', { suggestion }) };
    }
    const examples = COMMAND_HELP.join(', ');
    return { ok: false, message: t.t('adapters.web_unknown_command', { command: head.slice(0, 40), examples }) };
  }
  return { ok: true, command, text: trimmed.slice(head.length).trim() };
}
