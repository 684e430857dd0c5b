/**
 * The person's language on Discord, through the real discord.js client against the fake: each
 * interaction's `locale` becomes the actor's, the server's `preferredLocale` reaches the wiring
 * (GuildJoined.locale, guildLocale) for channel posts, and the commands are registered with their
 * Spanish descriptions for both of Discord's Spanish client languages.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { buildCommands, type GuildJoined } from '../../adapters/discord/index.ts';
import type { FakeGuild } from '../../fakes/discord/index.ts';
import type { CommandEvent } from '../../src/core/shared/types.ts';
import { type BotUnderTest, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

// biome-ignore lint/suspicious/noExplicitAny: command JSON as sent
type CommandJson = any;

describe('the member’s language', () => {
  test('each interaction’s locale is the actor’s: a command and a click', async () => {
    bot = await startBot();
    const { fake, engine } = bot;
    const lucia = fake.addMember({ username: 'lucia', locale: 'es-419' });
    const alice = fake.addMember({ username: 'alice' });
    fake.sendCommand(lucia, 'ml', { command: 'help' });
    fake.sendCommand(alice, 'ml', { command: 'help' });
    await fake.waitFor('two events', () => engine.events.length === 2);
    const byName = new Map(engine.events.map((e) => [e.actor.name, e.actor.locale]));
    expect(byName).toEqual(
      new Map([
        ['lucia', 'es-419'],
        ['alice', 'en-US'],
      ]),
    );

    // She switches her Discord client to Spain's Spanish: the next interaction says so.
    lucia.locale = 'es-ES';
    fake.sendCommand(lucia, 'ml-balance');
    await fake.waitFor('the third event', () => engine.events.length === 3);
    expect((engine.events[2] as CommandEvent).actor.locale).toBe('es-ES');
  });
});

describe('the server’s language', () => {
  test('a server joined later reports its preferredLocale; guildLocale reads any cached server', async () => {
    const joined: GuildJoined[] = [];
    let later: FakeGuild | undefined;
    let spanish: FakeGuild | undefined;
    bot = await startBot({
      guild: false,
      before: (fake) => {
        spanish = fake.addGuild({ name: 'Comunidad', preferredLocale: 'es-ES' });
        later = fake.addGuild({ name: 'Latam', joined: false, preferredLocale: 'es-419' });
      },
      adapter: () => ({ onGuildJoined: async (g) => void joined.push(g) }),
    });
    const { fake, adapter } = bot;
    expect(adapter.guildLocale((spanish as FakeGuild).id)).toBe('es-ES');
    // A server that never chose a language is Discord's default.
    expect(adapter.guildLocale(fake.guildId)).toBe('en-US');
    expect(adapter.guildLocale('1234567890123456789')).toBeUndefined();

    fake.join(later as FakeGuild);
    await fake.waitFor('onGuildJoined', () => joined.length === 1);
    expect(joined[0]).toMatchObject({ guildId: (later as FakeGuild).id, name: 'Latam', locale: 'es-419' });
    expect(adapter.guildLocale((later as FakeGuild).id)).toBe('es-419');
  });
});

describe('command registration', () => {
  test('every command and option carries its Spanish description for es-ES and es-419; names stay', async () => {
    bot = await startBot();
    const [registration] = bot.fake.state.commandRegistrations;
    const byName = new Map(((registration?.body ?? []) as CommandJson[]).map((c) => [c.name, c]));
    const fund = byName.get('ml-fund');
    expect(fund.description).toBe('Ask to top up the shared ModelsLab wallet (an approver confirms)');
    expect(fund.description_localizations).toEqual({
      'es-ES': 'Pide recargar el monedero compartido de ModelsLab (un aprobador confirma)',
      'es-419': 'Pide recargar el monedero compartido de ModelsLab (un aprobador confirma)',
    });
    // The documented names (/ml-fund amount:50 note:…) are what a Spanish member types too.
    expect(fund.name_localizations).toEqual({ 'es-ES': 'ml-fund', 'es-419': 'ml-fund' });
    const [amount, note] = fund.options;
    expect(amount.description).toBe('Amount in US dollars (10 to 1000); leave it out for a form');
    expect(amount.description_localizations['es-ES']).toBe(
      'Monto en dólares estadounidenses (de 10 a 1000); omítelo para abrir un formulario',
    );
    expect(amount.name_localizations).toEqual({ 'es-ES': 'amount', 'es-419': 'amount' });
    expect(note.description_localizations['es-419']).toBe('Para qué es el dinero');

    for (const command of byName.values()) {
      for (const item of [command, ...(command.options ?? [])]) {
        for (const tag of ['es-ES', 'es-419']) {
          const text = item.description_localizations?.[tag];
          expect(text, `${command.name} ${item.name} ${tag}`).toBeTruthy();
          expect(text).not.toBe(item.description);
          // Discord refuses the whole registration when one localized description is over 100.
          expect(text.length).toBeLessThanOrEqual(100);
          expect(item.name_localizations?.[tag]).toBe(item.name);
        }
      }
    }
    // The /ml sub-commands are still named in Spanish: they are what members type.
    const ml = byName.get('ml').options[0].description_localizations['es-ES'];
    for (const sub of ['help', 'status', 'transactions', 'invoices', 'coupon', 'autorecharge', 'audit', 'panel'])
      expect(ml).toContain(sub);
  });

  test('the amount range follows MAX_FUND_USD in every language', () => {
    const [fund] = buildCommands(250) as CommandJson[];
    expect(fund.options[0].description).toBe('Amount in US dollars (10 to 250); leave it out for a form');
    expect(fund.options[0].description_localizations['es-419']).toBe(
      'Monto en dólares estadounidenses (de 10 a 250); omítelo para abrir un formulario',
    );
  });
});
