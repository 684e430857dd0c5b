/** `/ml-balance`, `/ml transactions` paging in place, and `/ml invoices`, through Slack. */
import { afterEach, expect, it } from 'vitest';
import { buttonsIn } from '../../fakes/slack/driver.ts';
import { ALICE, CHANNEL, SlackApp, visibleText } from './harness.ts';
import { privateAnswer } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function started(): SlackApp {
  if (!app) throw new Error('app not started');
  return app;
}

it('/ml-balance answers privately: balance, auto-recharge and the last 5 transactions', async () => {
  app = await SlackApp.start();
  const answer = await privateAnswer(app, ALICE, '/ml-balance', '');
  const shown = visibleText(answer);
  expect(shown).toContain(`$${app.sim.state.balance().toFixed(2)}`);
  expect(shown).toMatch(/Auto-recharge/);
  const lines = answer.text.split('\n').filter((l) => /^\d{1,2} [A-Z][a-z]{2} \d{4} · [+−]\$/.test(l));
  expect(lines).toHaveLength(5);
  expect(app.fake.messages(CHANNEL)).toHaveLength(0);
});

it('/ml-balance public posts the balance in the channel', async () => {
  app = await SlackApp.start();
  const cmd = await app.command(ALICE, '/ml-balance', 'public');
  await app.settle();
  const [post] = app.cards();
  if (!post) throw new Error('no channel post');
  expect(visibleText(post)).toContain(`$${app.sim.state.balance().toFixed(2)}`);
  expect(app.ephemeralsFor(ALICE, cmd.responseUrlId)).toHaveLength(0);
});

it('/ml transactions → Next → Previous replaces the one ephemeral message in place', async () => {
  app = await SlackApp.start();
  const page1 = await privateAnswer(app, ALICE, '/ml', 'transactions');
  expect(page1.text).toMatch(/^Transactions 1–5 of \d+/);
  expect(buttonsIn(page1.blocks).map((b) => b.label)).toEqual(['Next']);

  const next = await app.click(ALICE, page1, 'Next');
  await app.settle();
  const [replaced] = started().fake.responses(next.responseUrlId);
  expect(replaced?.body.replace_original).toBe(true);
  expect(replaced?.replaced).toEqual({ channel: CHANNEL, ts: page1.ts });
  const [page2] = app.ephemeralsFor(ALICE, next.responseUrlId);
  if (!page2) throw new Error('no second page');
  expect(page2.ts).toBe(page1.ts);
  expect(page2.text).toMatch(/^Transactions 6–/);
  expect(buttonsIn(page2.blocks).map((b) => b.label)).toContain('Previous');
  // One message on screen: the first page was replaced, not followed by a second message.
  expect(app.ephemeralsFor(ALICE)).toHaveLength(1);

  const prev = await app.click(ALICE, page2, 'Previous');
  await app.settle();
  const [back] = app.ephemeralsFor(ALICE, prev.responseUrlId);
  expect(app.fake.responses(prev.responseUrlId)[0]?.body.replace_original).toBe(true);
  expect(back?.ts).toBe(page1.ts);
  expect(back?.text).toMatch(/^Transactions 1–5 of/);
  expect(app.ephemeralsFor(ALICE)).toHaveLength(1);
  expect(app.fake.calls('chat.postEphemeral')).toHaveLength(0);
  expect(app.fake.messages(CHANNEL)).toHaveLength(0);
});

it('falls back to a new ephemeral answer when the click’s response_url is spent', async () => {
  app = await SlackApp.start();
  const page1 = await privateAnswer(app, ALICE, '/ml', 'transactions');
  app.fake.failResponseUrlNext(1);
  await app.click(ALICE, page1, 'Next');
  await app.settle();
  const [fallback] = app.fake.calls('chat.postEphemeral');
  expect(fallback?.params.user).toBe(ALICE);
  expect(String(fallback?.params.text)).toMatch(/^Transactions 6–/);
});

it('/ml transactions credit pages only credits; a bad filter gets the usage line', async () => {
  app = await SlackApp.start();
  const cmd = await app.command(ALICE, '/ml', 'transactions credit');
  await app.settle();
  expect(app.ephemeralsFor(ALICE, cmd.responseUrlId)[0]?.text).toMatch(/^Credits 1–/);
  const bad = await app.command(ALICE, '/ml', 'transactions sideways');
  await app.settle();
  expect(app.ephemeralsFor(ALICE, bad.responseUrlId)[0]?.text).toMatch(/credit.*debit[\s\S]*Usage: \/ml transactions/);
});

it('/ml invoices lists the invoices privately, each with a PDF link button', async () => {
  app = await SlackApp.start();
  const answer = await privateAnswer(app, ALICE, '/ml', 'invoices');
  expect(answer.text).toMatch(/MLAB-0003 · .* · \$49\.00 · open/);
  const links = buttonsIn(answer.blocks);
  expect(links.map((b) => b.label)).toEqual(['MLAB-0003 PDF', 'MLAB-0002 PDF', 'MLAB-0001 PDF']);
  for (const b of links) {
    const n = b.label.slice('MLAB-000'.length, 'MLAB-000'.length + 1);
    expect(b.url).toMatch(new RegExp(`^https?://.*/invoices/in_1SeedInvoice000${n}\\.pdf$`));
  }
  expect(app.fake.messages(CHANNEL)).toHaveLength(0);
});
