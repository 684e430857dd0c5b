/**
 * Discord in workspaces mode through the app's own wiring (src/app.ts), against the fake Discord:
 * a server that adds the bot gets its owner welcomed by DM with the Connect button, recorded as
 * its installer; a server that removes the bot drains its tenant.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { type Stack, startStack } from '../e2e/harness.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 5_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Discord servers in the app', () => {
  it('a server that adds the bot: its owner is welcomed and may connect; one that removes it drains', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());
    const later = fake.addGuild({ name: 'Joins later', joined: false });
    const stack: Stack = await startStack({
      MLBOT_TENANCY: 'workspaces',
      SECRETS_KEY: KEY,
      PLAYGROUND: 'off',
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    cleanups.push(() => stack.stop());
    const tenant = `discord:${later.id}`;

    fake.join(later);
    await until('the owner recorded', async () => (await stack.app.directory.status(tenant)).installerId !== undefined);
    expect((await stack.app.directory.status(tenant)).installerId).toBe(fake.owner.id);
    // The DM channel opens before the message lands in it: wait for the message itself.
    await until('the welcome DM', () => {
      const channel = fake.dmChannelOf(fake.owner.id);
      return channel !== undefined && fake.state.channelMessages(channel).length > 0;
    });
    const dm = fake.state.channelMessages(fake.dmChannelOf(fake.owner.id) ?? '');
    expect(JSON.stringify(dm)).toContain('Thanks for installing mlbot');
    expect(dm.flatMap((m) => m.components.flatMap((r) => r.components ?? [])).map((b) => b.custom_id)).toContainEqual(
      expect.stringMatching(/^connect/),
    );
    // A click on that DM carries no server: the hub knows whose message it is.
    const ref = dm[0];
    if (!ref) throw new Error('no DM');
    expect(
      await stack.app.tenants.tenantOfMessage('discord', {
        platform: 'discord',
        channelId: ref.channel_id,
        messageId: ref.id,
      }),
    ).toBe(tenant);

    await stack.app.directory.connect(tenant, 'sandbox-later', { platform: 'discord', id: fake.owner.id });
    expect((await stack.app.directory.status(tenant)).connected).toBe(true);
    fake.leave(later);
    await until(
      'the removal recorded',
      async () => (await stack.app.directory.record(tenant))?.uninstalledAt !== undefined,
    );
    expect((await stack.app.directory.status(tenant)).connected).toBe(false);
    expect(stack.logText()).not.toContain('sandbox-later');
  });
});
