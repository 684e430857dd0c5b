/** The installer's DM after an install, and help for a tenant not connected yet. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/core/registry/commands.ts';
import { textsFor } from '../../../src/core/shared/i18n.ts';
import { ManualClock } from '../../../src/core/shared/manual-clock.ts';
import { silentLogger } from '../../../src/core/shared/ports.ts';
import { installWelcome, NOT_CONNECTED_RULE, TenantRouter } from '../../../src/core/workspace/index.ts';
import { createMessageFormatter } from '../../../src/i18n/icu-formatter.ts';

const EN_TEXTS = textsFor(createMessageFormatter(), 'en');

import { MemoryOnce } from '../fakes.ts';
import { FakeDirectory, FakeEngines, member, recordingResponder, world } from './world.ts';

describe('installWelcome', () => {
  it('says what the bot does, that an admin must connect, with a Connect button and /ml settings', () => {
    const dm = installWelcome(EN_TEXTS, 'slack', false);
    expect(dm.text).toContain('an admin must connect a ModelsLab account');
    expect(dm.text).toContain('/ml connect (workspace admins or the person who installed the app)');
    expect(dm.text).toContain('/ml settings');
    expect(dm.buttons).toEqual([expect.objectContaining({ kind: 'action', action: 'connect' })]);
    expect(dm.context).toBeUndefined();
    expect(installWelcome(EN_TEXTS, 'discord', true).text).toContain('members with Manage Server');
    expect(installWelcome(EN_TEXTS, 'discord', true).context?.[0]).toMatch(/sandbox-<name>/);
  });

  it('its Connect button opens the connect form for the admin who clicks it', async () => {
    const w = world();
    const admin = { ...member, isAdmin: true };
    const [button] = installWelcome(EN_TEXTS, 'slack', false).buttons ?? [];
    if (button?.kind !== 'action') throw new Error('no Connect button');
    const { forms } = await w.send(w.action(admin, button.action, button.value));
    expect(forms.map((f) => f.name)).toEqual(['connect']);
  });
});

describe('/ml help before connecting', () => {
  it('lists the whole command table when the router is given it', async () => {
    const directory = new FakeDirectory('workspaces');
    const router = new TenantRouter({
      tenancy: 'workspaces',
      engines: new FakeEngines(directory),
      directory,
      once: new MemoryOnce(),
      clock: new ManualClock(),
      logger: silentLogger,
      sandbox: false,
      commands: COMMANDS,
      messages: createMessageFormatter(),
    });
    const r = recordingResponder();
    await router.handle(
      {
        kind: 'command',
        command: 'ml',
        text: 'help',
        platform: 'slack',
        eventId: 'e1',
        actor: member,
        conversation: { platform: 'slack', channelId: 'C0GENERAL', workspaceId: 'T0ACME' },
        receivedAt: 0,
      },
      r.responder,
    );
    const labels = r.replies[0]?.fields?.map((f) => f.label) ?? [];
    expect(labels).toContain('/ml-fund <amount> [note]');
    expect(labels).toContain('/ml connect (admins)');
    expect(r.replies[0]?.text).toContain(NOT_CONNECTED_RULE);
  });
});
