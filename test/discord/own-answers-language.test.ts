/**
 * Issue 16: the Discord adapter's own answers (before any engine sees the interaction) speak the
 * interaction's `locale`, the member's Discord client language: a Spanish client gets Spanish, an
 * English one the same words as before catalogs.
 */
import { afterEach, expect, it } from 'vitest';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The interaction's first response (type 4, a message), as the fake recorded it. */
async function firstResponse(b: BotUnderTest, id: string) {
  return b.fake.waitFor('the first response', () => b.fake.state.interactions.get(id)?.callback);
}

it('answers a command that is not one of mine in the es-ES member’s language', async () => {
  bot = await startBot();
  const member = bot.fake.addMember({ username: 'lucia' });
  member.locale = 'es-ES';
  const interaction = bot.fake.sendCommand(member, 'not-a-command-of-mine', {});
  const callback = await firstResponse(bot, interaction.id);
  expect(callback.type).toBe(4);
  expect(callback.data.content).toBe('Este botón o comando no es mío.');
  expect(bot.engine.events).toHaveLength(0);
});

it('keeps the English answer for an en-US member', async () => {
  bot = await startBot();
  const interaction = bot.fake.sendCommand(bot.fake.addMember({ username: 'sam' }), 'not-a-command-of-mine', {});
  const callback = await firstResponse(bot, interaction.id);
  expect(callback.data.content).toBe('This button or command is not one of mine.');
});

it('refuses a server the bot does not serve in the member’s language (es-419)', async () => {
  bot = await startBot();
  const member = bot.fake.addMember({ username: 'mateo' });
  member.locale = 'es-419';
  const interaction = bot.fake.sendCommand(member, 'ml-balance', {}, { guildId: '223456789012345678' });
  const callback = await firstResponse(bot, interaction.id);
  expect(callback.data.content).toBe('Este bot no atiende a este servidor.');
  expect(bot.engine.events).toHaveLength(0);
});
