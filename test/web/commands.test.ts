import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../adapters/web/commands.ts';

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
