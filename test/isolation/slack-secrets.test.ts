/**
 * No secret anywhere it could leak, after a whole two-workspace run through the app (sqlite
 * store, debug logs): install (A with token rotation, so a refresh token is stored), connect in
 * the modal, fund, approve, pay, export, the Home tab, uninstall B. Every captured log line,
 * every call and message the fake Slack received, and the store's raw bytes are grepped for the
 * ModelsLab tokens, the Slack bot and refresh tokens, the client secret and SECRETS_KEY.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sendAppUninstalled, submitView } from '../../fakes/slack/driver.ts';
import {
  A as BaseA,
  B as BaseB,
  CLIENT_SECRET,
  KEY,
  openHome,
  SIGNING,
  SlackTenants,
  STATE_SECRET,
  until,
} from '../support/tenants-slack.ts';

// Tokens of their own: `sandbox-acme` is also the connect modal's example text, which would match.
const A = { ...BaseA, token: 'sandbox-acme-q7r2x', account: 'acme-q7r2x' };
const B = { ...BaseB, token: 'sandbox-globex-k3m9w', account: 'globex-k3m9w' };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('after a whole run, no token or secret is in a log line, a message the fake got, or the raw store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-isolation-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const s = await SlackTenants.start(cleanups, { storeFile: join(dir, 'mlbot.sqlite') });
  const { fake, stack } = s;
  await s.setUp(A, { rotate: true });
  await s.setUp(B);
  const slackTokens = [...fake.tenancy.tokensOf({ teamId: A.teamId }), ...fake.tenancy.tokensOf({ teamId: B.teamId })];
  expect(slackTokens.map((t) => t.token).some((t) => t.startsWith('xoxe.'))).toBe(true);

  for (const t of [A, B]) {
    const card = await s.fund(t, 25, `${t.account} run`);
    const dm = await s.approve(t, card);
    expect(dm.blocks.length).toBeGreaterThan(0);
    await s.command(t, t.admin, t.channel, '/ml', 'audit');
    await openHome(s, t.teamId, t.admin);
  }
  // A wrong token in the modal: refused inline; that token must not leak either.
  const wrong = 'sandbox-not@valid!';
  const views = fake.workspace.views().length;
  await s.command(A, A.admin, A.channel, '/ml', 'connect');
  const view = await until('the connect modal', () => fake.workspace.views()[views]);
  const refused = await submitView(
    s.url,
    { view, userId: A.admin, teamId: A.teamId, values: { token: { type: 'plain_text_input', value: wrong } } },
    { secret: SIGNING },
  );
  expect(refused.status).toBe(200);
  expect(refused.body).not.toContain(wrong);
  // Refused (in the modal or after it): still A's first account.
  await new Promise((r) => setTimeout(r, 300));
  expect((await stack.app.directory.credentials(A.tenant))?.token).toBe(A.token);
  await s.command(A, A.admin, A.channel, '/ml', 'status');
  fake.tenancy.revoke({ teamId: B.teamId });
  await sendAppUninstalled(s.url, { teamId: B.teamId }, { secret: SIGNING });
  await until('B uninstalled', async () => (await stack.app.directory.record(B.tenant))?.uninstalledAt);

  // What the fake received and stored. oauth.v2.access is the one call that must carry the
  // client secret (and, on a refresh, the refresh token): Slack's own token endpoint.
  expect(fake.calls('oauth.v2.access').every((c) => c.params.client_secret === CLIENT_SECRET)).toBe(true);
  const received = JSON.stringify({
    calls: fake
      .calls()
      .filter((c) => c.method !== 'oauth.v2.access')
      .map((c) => ({ method: c.method, params: c.params })),
    messages: fake.messages(),
    responses: fake.responses(),
    uploads: fake.uploads(),
    views: fake.workspace.views(),
  });
  await stack.stop();
  // The bot's store: the sqlite file and its WAL (not the simulator's state file beside it: that
  // is "ModelsLab's" side, which knows its accounts' tokens).
  const files = readdirSync(dir).filter((f) => f.startsWith('mlbot.sqlite'));
  expect(files).toContain('mlbot.sqlite');
  const store = files
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
  expect(store).toContain('slack-install');
  const logs = stack.logText();
  expect(logs.length).toBeGreaterThan(10_000);

  const secrets = [
    A.token,
    B.token,
    wrong,
    CLIENT_SECRET,
    STATE_SECRET,
    SIGNING,
    KEY,
    KEY.slice(3),
    ...slackTokens.map((t) => t.token),
  ];
  for (const secret of secrets) {
    expect(logs, `log has ${secret}`).not.toContain(secret);
    expect(received, `fake got ${secret}`).not.toContain(secret);
    expect(store, `store has ${secret}`).not.toContain(secret);
  }
  // Any Slack token at all, the refresh tokens included (the fake issues xoxb-…, xoxe.xoxb-…, xoxe-1-…).
  const slackToken = /xox[abpe][-.][A-Za-z0-9-]{4,}/;
  expect(logs).not.toMatch(slackToken);
  expect(received).not.toMatch(slackToken);
  expect(store).not.toMatch(slackToken);
}, 40_000);
