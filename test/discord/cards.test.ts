/** `/ml cards` from Discord: the list, Remove → Confirm replacing the private message, members refused. */
import { afterEach, describe, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function cards(app: DiscordApp, member: DiscordApp['alice']) {
  const interaction = app.fake.sendCommand(member, 'ml', { command: 'cards' });
  return privateAnswer(app, interaction.token, 'the answer to /ml cards');
}

describe('saved cards on Discord', () => {
  test('an approver removes a card after confirming; the private message becomes the new list', async () => {
    app = await startDiscordApp();
    const { fake, bob } = app;
    const list = await cards(app, bob);
    expect(list.flags & EPHEMERAL).toBe(EPHEMERAL);
    // The seeded cards expire in 2027 and 2028: after that the lines also say "expired".
    expect(embedOf(list).description).toMatch(
      /^visa ••4242 · expires 12\/2028 · default(?: · expired)?\nmastercard ••4444 · expires 06\/2027(?: · expired)?$/,
    );
    expect(fake.buttonsOf(list.id)).toEqual([
      'card_manage:remove:pm_1SeedVisa4242',
      'card_manage:default:pm_1SeedMc4444',
      'card_manage:remove:pm_1SeedMc4444',
      'card_add:add',
    ]);

    fake.clickButton(bob, 'card_manage:remove:pm_1SeedMc4444', list.id);
    await fake.waitFor('the confirm step in place of the list', () =>
      /^Remove mastercard ••4444\?/.test(embedOf(fake.state.messages.get(list.id))?.description ?? ''),
    );
    const confirm = fake.buttonsOf(list.id).find((b) => b.startsWith('card_confirm:remove:pm_1SeedMc4444:')) ?? '';
    expect(confirm).not.toBe('');
    expect(fake.buttonsOf(list.id)).toEqual([confirm, 'dismiss:cards']);
    expect(await app.billing.listCards()).toHaveLength(2);

    fake.clickButton(bob, confirm, list.id);
    await fake.waitFor('the updated list', () =>
      (embedOf(fake.state.messages.get(list.id))?.description ?? '').startsWith('Done: mastercard ••4444 removed.'),
    );
    expect(embedOf(fake.state.messages.get(list.id)).description).toMatch(
      /^Done: mastercard ••4444 removed\.\nvisa ••4242 · expires 12\/2028 · default(?: · expired)?$/,
    );
    expect((await app.billing.listCards()).map((c) => c.id)).toEqual(['pm_1SeedVisa4242']);
  });

  test('a member sees the list without buttons, and their clicks are refused', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    const own = await cards(app, alice);
    expect(fake.buttonsOf(own.id)).toEqual([]);
    expect(embedOf(own).description).toContain('visa ••4242 · expires 12/2028 · default');

    const approverList = await cards(app, bob);
    const click = fake.clickButton(alice, 'card_manage:default:pm_1SeedMc4444', approverList.id);
    await fake.waitFor('the refusal', () => answerTexts(app as DiscordApp, click.token).length > 0);
    expect(answerTexts(app, click.token).join(' ')).toContain('Only approvers can change the saved cards.');
    const add = fake.clickButton(alice, 'card_add:add', approverList.id);
    await fake.waitFor('the refusal', () => answerTexts(app as DiscordApp, add.token).length > 0);
    expect(answerTexts(app, add.token).join(' ')).toContain('Only approvers can add a card.');
    expect((await app.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1SeedVisa4242');
  });
});
