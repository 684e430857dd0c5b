/**
 * The workspace language through the app's wiring (src/wiring/tenancy.ts): BOT_LANGUAGE is every
 * tenant's default; a Discord server that adds the bot starts in its preferred locale (saved as
 * its `language` setting and audited) unless it chose a language already; the installer's welcome
 * is in that language. BOT_LANGUAGE is checked at start-up like every variable.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { TenantId } from '../../src/core/shared/tenant.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import type { AccountPool } from '../../src/tenants/accounts.ts';
import { createSecretBox } from '../../src/tenants/secret-box.ts';
import { createDirectory, installWelcomer } from '../../src/wiring/tenancy.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';

const KEY = randomBytes(32);
const ENV = { MLBOT_TENANCY: 'workspaces', SECRETS_KEY: `k1:${KEY.toString('base64')}` };
const GUILD: TenantId = 'discord:223456789012345678';
const OWNER = '323456789012345678';

const open: Stores[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function rig(env: Record<string, string> = {}) {
  const config = loadConfig({ ...ENV, ...env });
  const stores = await createStores('memory://');
  open.push(stores);
  // The directory never checks a token here: no account is connected in these tests.
  const accounts = {} as AccountPool;
  const { directory } = createDirectory(config, {
    clock: systemClock,
    logger: silentLogger,
    stores,
    instanceId: 'test',
    accounts,
    box: createSecretBox([{ id: 'k1', key: KEY }]),
    playgroundApprovers: () => [],
  });
  const messenger = new RecordingMessenger('discord');
  const welcome = installWelcomer(config, {
    directory,
    stores,
    logger: silentLogger,
    clock: systemClock,
    messengers: () => new Map([['discord', messenger]]),
  });
  const dmTitles = () => messenger.log.filter((r) => r.kind === 'dm').map((r) => r.reply.title);
  return { directory, welcome, dmTitles };
}

describe('a Discord server’s language', () => {
  it('a server in Spanish (es-ES) starts in Spanish: saved, audited, and the owner welcomed in Spanish', async () => {
    const r = await rig();
    await r.welcome(GUILD, 'discord', OWNER, 'es-ES');
    expect((await r.directory.settings(GUILD)).language).toBe('es');
    expect(r.dmTitles()).toEqual(['Gracias por instalar mlbot']);
    const audit = await r.directory.audit(GUILD).list(0);
    expect(audit.map((e) => e.detail)).toContain(
      "settings changed (language): Language: default → es (the server's language)",
    );
  });

  it('a locale the catalog lacks (pt-BR), or none: the default, English', async () => {
    const r = await rig();
    await r.welcome(GUILD, 'discord', OWNER, 'pt-BR');
    await r.welcome('discord:423456789012345678', 'discord', OWNER);
    expect((await r.directory.settings(GUILD)).language).toBeUndefined();
    expect(r.dmTitles()).toEqual(['Thanks for installing mlbot', 'Thanks for installing mlbot']);
  });

  it('a server that chose a language keeps it when the bot is added again', async () => {
    const r = await rig();
    await r.directory.recordInstall(GUILD, OWNER);
    await r.directory.saveSettings(
      GUILD,
      { ...(await r.directory.settings(GUILD)), language: 'en' },
      { platform: 'discord', id: OWNER },
    );
    await r.welcome(GUILD, 'discord', OWNER, 'es-419');
    expect((await r.directory.settings(GUILD)).language).toBe('en');
  });
});

describe('BOT_LANGUAGE', () => {
  it('is every tenant’s language by default, and a server’s own locale still wins', async () => {
    const r = await rig({ BOT_LANGUAGE: 'es' });
    expect((await r.directory.settings('slack:T0ACME')).language).toBe('es');
    await r.welcome(GUILD, 'discord', OWNER, 'en-US');
    expect((await r.directory.settings(GUILD)).language).toBe('en');
    expect(r.dmTitles()).toEqual(['Thanks for installing mlbot']);
  });

  it('accepts en, es or empty, and refuses anything else with one line', () => {
    expect(loadConfig({ BOT_LANGUAGE: 'es' }).language).toBe('es');
    expect(loadConfig({ BOT_LANGUAGE: '' }).language).toBeUndefined();
    expect(loadConfig({}).language).toBeUndefined();
    expect(() => loadConfig({ BOT_LANGUAGE: 'fr' })).toThrow(ConfigError);
    expect(() => loadConfig({ BOT_LANGUAGE: 'fr' })).toThrow(/BOT_LANGUAGE must be one of en, es/);
  });
});
