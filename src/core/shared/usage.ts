/**
 * Command lines as a member types them on each platform. Slack (and the playground) take free
 * text after the command: `/ml-fund 50 eval run`. Discord's slash commands take named options,
 * so the same line reads `/ml-fund amount:50 note:eval run` there. `/ml <sub> …` is one text
 * option on Discord and is shown as on Slack.
 */
import type { Texts } from './i18n.ts';
import type { Platform } from './types.ts';

/** Discord's options of each top-level command, in order; the last one takes the rest of the line. */
const DISCORD_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  '/ml-fund': ['amount', 'note'],
  '/ml-subscribe': ['plan'],
  '/ml-balance': ['public'],
};

/** Discord shows a boolean option as True/False, whatever the word typed on Slack. */
const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set(['public']);

const TOKEN = /<[^>]*>|\[[^\]]*\]|\S+/y;

/** One usage line or example, written for `platform`. */
export function commandLine(line: string, platform: Platform): string {
  if (platform !== 'discord') return line;
  const m = /^(\/\S+)\s*([\s\S]*)$/.exec(line.trim());
  const command = m?.[1] ?? '';
  const options = DISCORD_OPTIONS[command];
  if (!m || !options) return line;
  let rest = (m[2] ?? '').trim();
  const parts: string[] = [];
  for (const [i, name] of options.entries()) {
    if (rest === '') break;
    let value = rest;
    if (i < options.length - 1) {
      TOKEN.lastIndex = 0;
      value = TOKEN.exec(rest)?.[0] ?? rest;
    }
    rest = rest.slice(value.length).trim();
    parts.push(`${name}:${optionValue(name, value)}`);
  }
  return [command, ...parts].join(' ');
}

function optionValue(name: string, value: string): string {
  if (BOOLEAN_OPTIONS.has(name)) return 'True';
  // `[note]` (optional, Slack style) becomes `<note>`: on Discord the option name says it is optional.
  const optional = /^\[(.*)\]$/.exec(value);
  return optional ? `<${optional[1]}>` : value;
}

/** "Usage: … — e.g. …" for a refusal. */
export function usageLine(
  t: Texts,
  usage: { readonly usage: string; readonly example: string },
  platform: Platform,
): string {
  return t.t('shared.usage_line', {
    usage: commandLine(usage.usage, platform),
    example: commandLine(usage.example, platform),
  });
}
