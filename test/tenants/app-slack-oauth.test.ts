/**
 * Slack OAuth through the app's own wiring (src/app.ts) in workspaces mode, against the fake
 * Slack: an install records its installer in the directory and DMs them the welcome with the
 * Connect button through that workspace's own token; app_uninstalled drains the tenant's account.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsIn, sendAppUninstalled } from '../../fakes/slack/driver.ts';
import { FakeSlack, type InstallGrant } from '../../fakes/slack/fake-slack.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { freePort } from '../sandbox/app-helpers.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const CLIENT_ID = '111.222';
const CLIENT_SECRET = 'client-secret-0123456789abcdef';
const SIGNING = 'app-signing-secret';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(): Promise<{ stack: Stack; fake: FakeSlack }> {
  const fake = new FakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const { apiUrl } = await fake.start();
  cleanups.push(() => fake.stop());
  const port = await freePort();
  const stack = await startStack({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MLBOT_TENANCY: 'workspaces',
    SECRETS_KEY: KEY,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'state-secret-fedcba9876543210',
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: apiUrl,
    PLAYGROUND: 'off',
  });
  cleanups.push(() => stack.stop());
  return { stack, fake };
}

/** The browser's install: Add to Slack page, Slack's authorize (approved as `grant`), the redirect. */
async function install(stack: Stack, fake: FakeSlack, grant: InstallGrant): Promise<number> {
  const page = await fetch(`${stack.url}/slack/install`);
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const href = /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!href) throw new Error('no authorize link on the install page');
  fake.tenancy.approveNextAs(grant);
  const authorized = await fetch(href, { redirect: 'manual' });
  const back = await fetch(authorized.headers.get('location') ?? '', { headers: { cookie } });
  await back.text();
  return back.status;
}

describe('Slack OAuth in the app', () => {
  it('an install records the installer and DMs them the welcome; an uninstall drains the account', async () => {
    const { stack, fake } = await start();
    expect(await install(stack, fake, { teamId: 'T0AAA', userId: 'U0ANNA' })).toBe(200);
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
