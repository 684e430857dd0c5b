import { describe, expect, it } from 'vitest';
import { parseCommandLine as parse } from '../../adapters/web/commands.ts';
import { textsFor } from '../../src/core/shared/i18n.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';

const en = textsFor(createMessageFormatter(), 'en');
const parseCommandLine = (line: string) => parse(en, line);

describe('the command box', () => {
  it('reads the Slack spellings, whatever the case', () => {
    expect(parseCommandLine('  /ML-FUND 50 GPU budget ')).toEqual({ ok: true, command: 'fund', text: '50 GPU budget' });
    expect(parseCommandLine('/ml help')).toEqual({ ok: true, command: 'ml', text: 'help' });
  });

  it('says the slash is missing when that is all that is wrong', () => {
    expect(parseCommandLine('ml help')).toEqual({ ok: false, message: 'Commands start with "/": try "/ml help".' });
    expect(parseCommandLine('ml-fund 50 eval')).toEqual({
      ok: false,
      message: 'Commands start with "/": try "/ml-fund 50 eval".',
    });
  });

  it('lists the commands for anything else', () => {
    const parsed = parseCommandLine('help');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toBe(
      'Unknown command "help". Try /ml-fund 50 GPU budget, /ml-subscribe, /ml-balance, /ml help.',
    );
  });
});
