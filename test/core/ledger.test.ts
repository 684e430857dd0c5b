/** Balance, transactions paging and invoices, on the simulator's seeded account. */
import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function txButton(reply: { buttons?: readonly unknown[] } | undefined, label: string): string {
  const b = (reply?.buttons ?? []).find(
    (x): x is { kind: 'action'; value: string; label: string } =>
      (x as { kind: string }).kind === 'action' && (x as { label: string }).label === label,
  );
  if (!b) throw new Error(`no ${label} button`);
  return b.value;
}

describe('/ml-balance', () => {
  it('shows balance, currency, auto-recharge and the last five transactions, privately by default', async () => {
    env = await live();
    await env.billing.setAutoFunding(2500, 500, 'test-setup');
    const [mine] = await env.command(alice, 'balance');
    expect(mine?.title).toBe('ModelsLab balance: $42.50');
    expect(mine?.ephemeral).toBe(true);
    expect(mine?.fields?.find((f) => f.label === 'Currency')?.value).toBe('USD');
    expect(mine?.fields?.find((f) => f.label === 'Auto-recharge')?.value).toBe(
      'on: $25.00 when the balance falls below $5.00',
    );
    expect(mine?.text.split('\n').slice(1)).toHaveLength(5);
    expect(mine?.text).toContain('−$5.00 · API usage');
    expect(mine?.text).not.toMatch(/api_usage|wallet_funding/);

    const [shared] = await env.command(alice, 'balance', 'public');
    expect(shared?.ephemeral).toBeUndefined();
  });
});

describe('/ml transactions', () => {
  it('pages with Next and Previous, replacing the clicked message; Previous returns the first page', async () => {
    env = await live();
    const [first] = await env.command(alice, 'ml', 'transactions');
    expect(first?.title).toBe('Transactions 1–5 of 6');
    expect(first?.buttons?.map((b) => b.label)).toEqual(['Next']);

    const next = await env.clickOn(alice, 'tx_page', txButton(first, 'Next'), { canReplace: true });
    expect(next.replies).toEqual([]);
    const second = next.replaced[0];
    expect(second?.title).toBe('Transactions 6–6 of 6');
    expect(second?.text).toContain('+$50.00 · wallet top-up');
    expect(second?.buttons?.map((b) => b.label)).toEqual(['Previous']);

    const back = await env.clickOn(alice, 'tx_page', txButton(second, 'Previous'), { canReplace: true });
    expect(back.replaced[0]?.title).toBe(first?.title);
    expect(back.replaced[0]?.text).toBe(first?.text);
  });

  it('answers with a new message where the platform cannot replace, and filters credits', async () => {
    env = await live();
    const [credits] = await env.command(bob, 'ml', 'transactions credit');
    expect(credits?.title).toBe('Credits 1–3 of 3');
    expect(credits?.text).not.toContain('−');
    expect(credits?.buttons).toEqual([]);
    const [debits] = await env.command(bob, 'ml', 'transactions debit');
    const clicked = await env.clickOn(bob, 'tx_page', 'debit:0');
    expect(clicked.replies[0]?.text).toBe(debits?.text);
    const [bad] = await env.command(bob, 'ml', 'transactions refunds');
    expect(bad?.text).toContain('Usage: /ml transactions [credit|debit]');
    const forged = await env.clickOn(bob, 'tx_page', 'all:-1');
    expect(forged.replies[0]?.text).toContain('That page button is broken');
  });
});

describe('/ml invoices', () => {
  it('lists the invoices newest first, each with a PDF link, privately', async () => {
    env = await live();
    const [list] = await env.command(alice, 'ml', 'invoices');
    expect(list?.ephemeral).toBe(true);
    const lines = list?.text.split('\n') ?? [];
    expect(lines[0]).toMatch(/^MLAB-0003 · \d{1,2} [A-Z][a-z]{2} \d{4} · \$49\.00 · open$/);
    expect(lines.map((l) => l.split(' · ')[0])).toEqual(['MLAB-0003', 'MLAB-0002', 'MLAB-0001']);
    const links = (list?.buttons ?? []).filter((b) => b.kind === 'link');
    expect(links.map((b) => b.label)).toEqual(['MLAB-0003 PDF', 'MLAB-0002 PDF', 'MLAB-0001 PDF']);
    expect(textOf(list!)).toContain('in_1SeedInvoice0003');
    expect(env.messenger.channelPosts()).toEqual([]);
  });
});
