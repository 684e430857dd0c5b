/**
 * Reading the account from Discord (real discord.js, fake Discord, simulator): the balance in
 * private or in the channel, the transactions pager replacing its own message, invoice PDFs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { EPHEMERAL, embedOf, privateAnswer } from './helpers.ts';

// One app for the file: these commands only read the account, so the tests cannot disturb each other.
let app: DiscordApp;
beforeAll(async () => {
  app = await startDiscordApp();
});
afterAll(async () => {
  await app.close();
});

describe('/ml-balance', () => {
  test('answers privately by default, and in the channel with public:true', async () => {
    const { fake, alice } = app;
    const before = fake.state.publicMessages(fake.channelId).length;
    const quiet = fake.sendCommand(alice, 'ml-balance', {});
    const answer = await privateAnswer(app, quiet.token);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(answer).title).toBe('ModelsLab balance: $42.50');
    expect(fake.state.publicMessages(fake.channelId)).toHaveLength(before);

    const loud = fake.sendCommand(alice, 'ml-balance', { public: true });
    const posted = await fake.waitFor('the public balance', () =>
      fake.state
        .publicMessages(fake.channelId)
        .find((m) => /^ModelsLab balance/.test(embedOf(m)?.title ?? '') && !m.viaWebhook),
    );
    expect(embedOf(posted).title).toBe('ModelsLab balance: $42.50');
    expect(embedOf(posted).description).toContain('Last transactions');
    // The private "thinking…" placeholder is removed once the answer went to the channel.
    await fake.waitFor('placeholder removed', () =>
      fake.calls.find((c) => c.method === 'DELETE' && c.path.includes(loud.token)),
    );
  });
});

describe('/ml transactions', () => {
  test('Next and Previous replace the private page in place through the interaction', async () => {
    const { fake, bob } = app;
    const command = fake.sendCommand(bob, 'ml', { command: 'transactions' });
    const page = await privateAnswer(app, command.token);
    expect(page.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(page).title).toBe('Transactions 1–5 of 6');
    expect(fake.buttonsOf(page.id)).toEqual(['tx_page:all:5']);
    const messagesBefore = fake.state.channelMessages(fake.channelId).length;

    const next = fake.clickButton(bob, 'tx_page:all:5', page.id);
    await fake.waitFor('page 2', () => embedOf(fake.state.messages.get(page.id))?.title === 'Transactions 6–6 of 6');
    expect(next.callback).toEqual({ type: 6 });
    const update = app.answersTo(next.token);
    expect(update.map((c) => `${c.method} ${c.path.split('/').at(-1)}`)).toEqual(['PATCH @original']);
    expect(fake.buttonsOf(page.id)).toEqual(['tx_page:all:0']);
    expect(embedOf(fake.state.messages.get(page.id)).description).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} · \+\$50\.00/);

    const previous = fake.clickButton(bob, 'tx_page:all:0', page.id);
    await fake.waitFor(
      'page 1 again',
      () => embedOf(fake.state.messages.get(page.id))?.title === 'Transactions 1–5 of 6',
    );
    expect(app.answersTo(previous.token).map((c) => c.method)).toEqual(['PATCH']);
    expect(fake.buttonsOf(page.id)).toEqual(['tx_page:all:5']);
    // Paging added no message: the same private message changed three times.
    expect(fake.state.channelMessages(fake.channelId)).toHaveLength(messagesBefore);
    expect(fake.state.messages.get(page.id)?.flags).toBe(EPHEMERAL);
    expect(fake.state.messages.get(page.id)?.history).toHaveLength(3);
  });

  test('a broken filter is refused with the usage line', async () => {
    const { fake, alice } = app;
    const command = fake.sendCommand(alice, 'ml', { command: 'transactions refunds' });
    const answer = await privateAnswer(app, command.token);
    // Markdown-escaped brackets: Discord shows them literally.
    expect(embedOf(answer).description).toContain('Usage: /ml transactions \\[credit|debit\\]');
    expect(fake.buttonsOf(answer.id)).toEqual([]);
  });
});

describe('/ml invoices', () => {
  test('lists the invoices privately with a PDF link button for each', async () => {
    const { fake, alice } = app;
    const command = fake.sendCommand(alice, 'ml', { command: 'invoices' });
    const answer = await privateAnswer(app, command.token);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(answer).description.split('\n')).toHaveLength(3);
    expect(embedOf(answer).description).toContain('MLAB-0002');
    const links = answer.components.flatMap((r) => r.components ?? []) as Array<{
      style?: number;
      url?: string;
      label?: string;
    }>;
    expect(links.map((b) => b.label).sort()).toEqual(['MLAB-0001 PDF', 'MLAB-0002 PDF', 'MLAB-0003 PDF']);
    for (const b of links) {
      expect(b.style).toBe(5); // a link button: opens the PDF, no interaction
      expect(b.url).toMatch(/^https?:\/\/.+\/invoices\/in_\w+\.pdf$/);
    }
  });
});
