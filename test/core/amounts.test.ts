import { describe, expect, it } from 'vitest';
import { alice, harness } from './harness.ts';

const USAGE = 'Usage: /ml-fund <amount> [note] — e.g. /ml-fund 50 eval run';

describe('fund amounts', () => {
  it.each([
    ['50', 5000],
    ['50.5', 5050],
    ['50.00', 5000],
    ['$50', 5000],
    ['$ 50', 5000],
    ['10', 1000],
    ['1000', 100_000],
    ['1,000', 100_000],
    ['$1,000.00', 100_000],
  ])('accepts %s as %i cents', async (text, cents) => {
    const h = harness();
    await h.command(alice, 'fund', `${text} note`);
    const r = await h.request('req1');
    expect(r.amountCents).toBe(cents);
    expect(r.note).toBe('note');
  });

  it.each([
    ['', 'Please give an amount'],
    ['abc', 'is not an amount'],
    ['0', 'must be positive'],
    ['-5', 'must be positive'],
    ['9.99', 'at least $10.00'],
    ['1000.01', 'at most $1,000.00'],
    ['50.123', 'at most 2 decimals'],
    ['1e3', 'is not an amount'],
    ['1,00', 'a comma separates thousands'],
  ])('refuses "%s" stating the rule and the usage', async (text, rule) => {
    const h = harness();
    const [reply] = await h.command(alice, 'fund', text);
    expect(reply?.text).toContain(rule);
    expect(reply?.text).toContain(USAGE);
    expect(reply?.ephemeral).toBe(true);
    expect(h.requests.rows.size).toBe(0);
    expect(h.messenger.channelPosts()).toEqual([]);
  });

  it('uses MAX_FUND_USD from the policy', async () => {
    const h = harness({ maxFundCents: 20_000 });
    const [reply] = await h.command(alice, 'fund', '250');
    expect(reply?.text).toContain('Amounts can be at most $200.00.');
  });

  it('sanitises the note (a note over 200 characters is refused: test/core/request-texts.test.ts)', async () => {
    const h = harness();
    await h.command(alice, 'fund', `50 hi\u202E there ⟦approvers⟧ ${'x'.repeat(150)}`);
    const r = await h.request('req1');
    expect(r.note.length).toBeLessThanOrEqual(200);
    expect(r.note).not.toMatch(/[\u202E⟦⟧]/);
    expect(r.note.startsWith('hi there approvers')).toBe(true);
  });
});
