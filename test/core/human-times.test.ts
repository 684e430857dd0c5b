/**
 * Times and ledger types as people read them (issue 13, defect 9): "2 Dec, 06:43 UTC" and
 * "2 Dec 2026" from one helper, ledger codes as words, and no raw ISO time in the answers a
 * member sees on the simulator's seeded account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatTime } from '../../src/core/shared/format.ts';
import { transactionLine, usecaseWords } from '../../src/core/wallet/ledger-view.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

const ISO = /\d{4}-\d{2}-\d{2}/;

describe('one time format', () => {
  it('writes times as "2 Dec, 06:43 UTC" and dates as "2 Dec 2026", from ms or ISO', () => {
    const ms = Date.UTC(2026, 11, 2, 6, 43, 2, 68);
    expect(formatTime(ms)).toBe('2 Dec, 06:43 UTC');
    expect(formatTime('2026-12-02T06:43:02.068Z')).toBe('2 Dec, 06:43 UTC');
    expect(formatDate('2026-12-02T06:43:02.068Z')).toBe('2 Dec 2026');
    expect(formatDate(Date.UTC(2027, 0, 9))).toBe('9 Jan 2027');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes ledger types as words', () => {
    expect(usecaseWords('wallet_funding')).toBe('wallet top-up');
    expect(usecaseWords('api_usage')).toBe('API usage');
    expect(usecaseWords('some_new_kind')).toBe('some new kind');
    const line = transactionLine({
      id: '1',
      type: 'debit',
      amountCents: 500,
      status: 'success',
      usecase: 'api_usage',
      createdAt: '2026-11-28T12:00:00.000Z',
    });
    expect(line).toBe('28 Nov 2026 · −$5.00 · API usage');
  });
});

describe('no raw ISO time in what members see', () => {
  let env: Awaited<ReturnType<typeof live>> | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('balance, transactions, invoices, status and the audit answer', async () => {
    env = await live();
    const answers = [
      ...(await env.command(alice, 'balance')),
      ...(await env.command(alice, 'ml', 'transactions')),
      ...(await env.command(alice, 'ml', 'invoices')),
      ...(await env.command(bob, 'ml', 'status')),
      ...(await env.command(bob, 'ml', 'audit 30')),
    ];
    expect(answers).toHaveLength(5);
    // The CSV file keeps ISO times (and its name ISO dates) for spreadsheets; the message does not.
    const shown = answers.map(({ attachment: _file, ...message }) => textOf(message));
    for (const text of shown) expect(text).not.toMatch(ISO);
    for (const text of shown) expect(text).not.toMatch(/api_usage|wallet_funding/);
  });
});
