/**
 * Slack OAuth through the app's own wiring (src/app.ts) in workspaces mode, against the fake
 * Slack: an install records its installer in the directory and DMs them the welcome with the
 * Connect button through that workspace's own token; app_uninstalled drains the tenant's account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsIn, sendAppUninstalled } from '../../fakes/slack/driver.ts';
import { CLIENT_SECRET, SIGNING, SlackTenants } from '../support/tenants-slack.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Slack OAuth in the app', () => {
  it('an install records the installer and DMs them the welcome; an uninstall drains the account', async () => {
    const tenants = await SlackTenants.start(cleanups);
    const { stack, fake } = tenants;
    expect(await tenants.install({ teamId: 'T0AAA', userId: 'U0ANNA' })).toBe(200);
    await fake.waitFor(() => fake.messages(fake.dmChannelOf('U0ANNA')).length > 0, 5_000, 'the welcome DM');
    const [welcome] = fake.messages(fake.dmChannelOf('U0ANNA'));
    expect(JSON.stringify(welcome)).toContain('Thanks for installing mlbot');
    expect(buttonsIn((welcome as { blocks?: unknown[] }).blocks ?? []).map((b) => b.action_id.split('~')[0])).toContain(
      'connect',
    );
    // Sent with the new workspace's own token.
    expect(fake.calls('chat.postMessage').map((c) => c.team)).toEqual(['T0AAA']);
    expect((await stack.app.directory.status('slack:T0AAA')).installerId).toBe('U0ANNA');

    await stack.app.directory.connect('slack:T0AAA', 'sandbox-anna', { platform: 'slack', id: 'U0ANNA' });
    fake.tenancy.revoke({ teamId: 'T0AAA' });
    expect(
      (await sendAppUninstalled(`${stack.url}/slack/events`, { teamId: 'T0AAA' }, { secret: SIGNING })).status,
    ).toBe(200);
    for (let i = 0; i < 200 && (await stack.app.directory.record('slack:T0AAA'))?.uninstalledAt === undefined; i++)
      await new Promise((r) => setTimeout(r, 25));
    const status = await stack.app.directory.status('slack:T0AAA');
    expect(status).toEqual({ tenant: 'slack:T0AAA', connected: false });
    expect(stack.logText()).not.toContain('sandbox-anna');
    expect(stack.logText()).not.toContain(CLIENT_SECRET);
  });
});
