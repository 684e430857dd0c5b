/** Start-up and shutdown of the Slack adapter. */
import { afterEach, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { serve } from '../ops/serve.ts';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const options = (apiUrl: string, botToken = 'xoxb-test') => ({
  botToken,
  signingSecret: 'secret',
  apiUrl,
  approvers: [],
  logger: silentLogger,
  retryConfig: { retries: 0 },
});

it('refuses to start with a bot token Slack rejects, naming the variable', async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const adapter = createSlackAdapter(options(apiUrl, 'xoxb-wrong'));
  await expect(adapter.start()).rejects.toMatchObject({ code: 'config_invalid', message: /SLACK_BOT_TOKEN/ });
  await adapter.stop();
});

it('answers 503 until started, then serves; checks the token with auth.test once', async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const adapter = createSlackAdapter(options(apiUrl));
  const handler = adapter.requestHandler;
  if (!handler) throw new Error('HTTP mode has a request handler');
  const server = await serve(handler);
  try {
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '' })).status).toBe(503);
    expect(adapter.connected()).toBe(false);
    await adapter.start();
    expect(adapter.connected()).toBe(true);
    // Unsigned: Bolt's verifier now answers.
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '' })).status).toBe(401);
    expect(fake.calls('auth.test')).toHaveLength(1);
  } finally {
    await adapter.stop();
    await server.close();
  }
});

it('keeps running when Slack is unreachable at start-up', async () => {
  const adapter = createSlackAdapter(options('http://127.0.0.1:9/api/'));
  await expect(adapter.start()).resolves.toBeUndefined();
  // /healthz reports it: the bot runs, but Slack is not connected.
  expect(adapter.connected()).toBe(false);
  await adapter.stop();
});

it('Socket Mode: refuses to start with an app token Slack rejects, naming the variable', async () => {
  fake = new FakeSlack({ appToken: 'xapp-real' });
  const { apiUrl } = await fake.start();
  const adapter = createSlackAdapter({ ...options(apiUrl), appToken: 'xapp-wrong' });
  await expect(adapter.start()).rejects.toMatchObject({ code: 'config_invalid', message: /SLACK_APP_TOKEN/ });
  await adapter.stop();
});

it('answers 503 once stopped, so Slack shows an error instead of a silent drop', async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const adapter = createSlackAdapter(options(apiUrl));
  const server = await serve(adapter.requestHandler ?? (() => {}));
  try {
    await adapter.start();
    await adapter.stop();
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '' })).status).toBe(503);
  } finally {
    await server.close();
  }
});
