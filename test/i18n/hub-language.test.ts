/**
 * The hub gives each tenant's bot its workspace language (`locale: () => settings.language ??
 * English`): what the bot says to the workspace rather than to one person follows the setting,
 * and a change applies from the next message without a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/shared/types.ts';
import { ENV_SETTINGS, type HubRig, startHubRig } from '../tenants/hub-rig.ts';

const ADMIN = { platform: 'slack' as const, id: 'U-admin' };
/** No locale from the platform: the workspace's language applies. */
const RILEY: Actor = { platform: 'slack', id: 'U-riley', name: 'Riley', isApprover: false };

let rig: HubRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('the workspace language reaches the tenant’s bot', () => {
  it('English by default, Spanish once the workspace chooses it, and a person’s own locale still wins', async () => {
    rig = await startHubRig(['sandbox-lang']);
    const r = rig;
    await r.directory.connect('slack:TL', 'sandbox-lang', ADMIN);
    const engine = await r.hub.engineFor('slack:TL');
    if (!engine?.home) throw new Error('no engine');
    const title = async (actor: Actor) => (await engine.home?.(actor))?.[0]?.title ?? '';

    expect(await title(RILEY)).toMatch(/^Balance: /);
    await r.directory.saveSettings('slack:TL', { ...ENV_SETTINGS, language: 'es' }, ADMIN);
    expect(await title(RILEY)).toMatch(/^Saldo: /);
    expect(await title({ ...RILEY, locale: 'en-US' })).toMatch(/^Balance: /);
  });
});
