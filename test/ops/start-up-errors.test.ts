/**
 * `npm start` with a setting the operator must fix: start-up stops with the variable and the fix
 * on stderr, a non-zero exit code and no stack trace, whether the problem is found while reading
 * the environment (STORE_URL) or while starting (a bot token Slack refuses, found by auth.test).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';

const MAIN = resolve(import.meta.dirname, '../../src/entry/main.ts');

async function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], {
    // An empty-ish cwd: main.ts reads `.env` from its working directory.
    cwd: import.meta.dirname,
    env: { PATH: process.env.PATH ?? '', PORT: '0', STORE_URL: 'memory://', PLAYGROUND: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function expectOneLineProblem(stderr: string, variable: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toBe('mlbot: configuration problem');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(variable);
  expect(stderr).not.toMatch(/^\s+at /m);
}

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

it('a bad STORE_URL stops start-up with one line naming it and the forms it takes', async () => {
  const run = await start({ STORE_URL: 'postgres://db/mlbot' });
  expect(run.code).toBe(2);
  expectOneLineProblem(run.stderr, /^STORE_URL must be sqlite:\/\/.*memory:\/\//);
}, 20_000);

it('a bot token Slack refuses at start-up stops it with one line naming SLACK_BOT_TOKEN, no stack trace', async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const run = await start({
    SLACK_BOT_TOKEN: 'xoxb-wrong',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: apiUrl,
  });
  expect(run.code).toBe(2);
  expectOneLineProblem(
    run.stderr,
    /^SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\): copy the Bot User OAuth Token/,
  );
}, 20_000);
