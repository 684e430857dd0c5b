/**
 * Security checks on the app as main.ts wires it (Slack and Discord on, real pino logger):
 * Slack request signing, where payment URLs and secrets can end up, the per-user request limit,
 * approver rules on Discord, and the playground's refusal to listen on a public address.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickButton,
  findButton,
  sendSlashCommand,
  signSlackRequest,
  slashCommandPayload,
} from '../../fakes/slack/driver.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { newestCardRequestId } from '../discord/helpers.ts';
import { SECRETS, SLACK_APPROVER, type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 20_000);
afterAll(async () => {
  await stack?.close();
});

const CHANNEL = 'C0SEC';
const events = () => `${stack.app.url}/slack/events`;
const requestCount = async () => (await stack.app.stores.requests.listSince(0)).length;

function commandBody(userId: string, text: string): string {
  return new URLSearchParams(
    slashCommandPayload({
      command: '/ml-fund',
      text,
      userId,
      channelId: CHANNEL,
      responseUrl: stack.slack.responseUrl(),
    }),
  ).toString();
}

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(events(), {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  await res.text();
  return res.status;
}

describe('Slack request signing', () => {
  it('refuses a request signed with the wrong secret, and nothing happens', async () => {
    const before = await requestCount();
    const body = commandBody('U0SIGN1', '50 forged');
    expect(await post(body, signSlackRequest(body, { secret: 'not-the-secret' }))).toBe(401);
    expect(await post(body, {})).toBe(401);
    expect(await requestCount()).toBe(before);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const before = await requestCount();
    const body = commandBody('U0SIGN2', '50 stale');
    const ts = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(await post(body, signSlackRequest(body, { secret: SECRETS.slackSigningSecret, ts }))).toBe(401);
    expect(await requestCount()).toBe(before);
  });

  it('refuses a captured body replayed with a fresh timestamp (the signature covers the timestamp)', async () => {
    const body = commandBody('U0SIGN3', '50 captured');
    const original = signSlackRequest(body, { secret: SECRETS.slackSigningSecret });
    expect(await post(body, original)).toBe(200);
    await stack.slack.waitFor(() => stack.slack.messages(CHANNEL).length > 0, 3000, 'the genuine card');
    const before = await requestCount();
    const replayed = { ...original, 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000) + 1) };
    expect(await post(body, replayed)).toBe(401);
    // A body tampered with under the captured signature is refused too.
    expect(await post(body.replace('50', '990'), original)).toBe(401);
    expect(await requestCount()).toBe(before);
  });
});

describe('per-user limit on new requests (5 a minute by default)', () => {
  it('the sixth request in a minute is refused with a clear answer; other people are unaffected', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const responseUrl = stack.slack.responseUrl(`limit${i}`);
      await sendSlashCommand(
        events(),
        { command: '/ml-fund', text: `${11 + i} limit`, userId: 'U0SPAM', channelId: 'C0LIMIT', responseUrl },
        { secret: SECRETS.slackSigningSecret },
      );
      await stack.app.slack?.idle();
      answers.push(
        stack.slack
          .responses(`limit${i}`)
          .map((r) => String(r.body.text ?? ''))
          .join(' '),
      );
    }
    const cards = () => stack.slack.messages('C0LIMIT').filter((m) => !m.threadTs && !m.ephemeralFor);
    expect(cards()).toHaveLength(5);
    expect(answers[5]).toMatch(/at most 5 requests/i);
    expect(answers.slice(0, 5).join(' ')).not.toMatch(/at most 5 requests/i);
    await sendSlashCommand(
      events(),
      {
        command: '/ml-fund',
        text: '12 someone else',
        userId: 'U0OTHER',
        channelId: 'C0LIMIT',
        responseUrl: stack.slack.responseUrl(),
      },
      { secret: SECRETS.slackSigningSecret },
    );
    await stack.app.slack?.idle();
    expect(cards()).toHaveLength(6);
  });
});

describe('payment URLs and secrets', () => {
  it('a full flow on Slack and on Discord: the URL only in the payer DM, no secret or URL in any log line', async () => {
    const { slack, discord, sim, app } = stack;
    // Slack: request, approve, pay, receipt; one ModelsLab 5xx and one garbled answer on the way.
    sim.controls.failNext(1, 502);
    await sendSlashCommand(
      events(),
      {
        command: '/ml-fund',
        text: '45 logs',
        userId: 'U0PAYER',
        channelId: 'C0FLOW',
        responseUrl: slack.responseUrl(),
      },
      { secret: SECRETS.slackSigningSecret },
    );
    const card = await slack.waitFor(
      () => slack.messages('C0FLOW').find((m) => !m.threadTs && !m.ephemeralFor),
      5000,
      'card',
    );
    const slackDm = () => slack.dmChannelOf('U0PAYER');
    await clickButton(
      events(),
      {
        userId: SLACK_APPROVER,
        channelId: 'C0FLOW',
        message: card,
        button: findButton(card.blocks, 'Approve'),
        responseUrl: slack.responseUrl(),
      },
      { secret: SECRETS.slackSigningSecret },
    );
    const dm = await slack.waitFor(() => slack.messages(slack.dmChannelOf('U0PAYER'))[0], 5000, 'Slack DM');
    const slackUrl = JSON.stringify(dm.blocks).match(/"url":"([^"]+\/checkout\/[^"]+)"/)?.[1] ?? '';
    expect(slackUrl).not.toBe('');

    // Discord: the same through interactions.
    const { discordMember: member, discordApprover: approver } = stack;
    discord.sendCommand(member, 'ml-fund', { amount: 35, note: 'logs too' });
    const id = await newestCardRequestId(discord);
    discord.clickButton(member, `approve:${id}`); // not an approver: refused
    await new Promise((r) => setTimeout(r, 100));
    expect((await app.stores.requests.get(id))?.state).toBe('awaiting_approval');
    discord.clickButton(approver, `approve:${id}`);
    const discordUrl = await discord.waitFor('Discord DM link', () => {
      const dmChannel = discord.dmChannelOf(member.id);
      if (!dmChannel) return undefined;
      return discord.state
        .channelMessages(dmChannel)
        .flatMap((m) => m.components ?? [])
        .flatMap((r) => r.components ?? [])
        .map((c) => c.url)
        .find((u) => u?.includes('/checkout/'));
    });

    sim.controls.malformedNext(1);
    for (const url of [slackUrl, discordUrl]) sim.controls.markPaid(url.split('/checkout/')[1] ?? '');
    // "I've paid" on both platforms: the watcher checks within seconds instead of at its next poll.
    await clickButton(
      events(),
      {
        userId: 'U0PAYER',
        channelId: slackDm(),
        message: dm,
        button: findButton(dm.blocks, "I've paid"),
        responseUrl: slack.responseUrl(),
      },
      { secret: SECRETS.slackSigningSecret },
    );
    discord.clickButton(member, `paid:${id}`);
    const owed = await app.stores.requests.listOpen();
    await discord.waitFor(
      'both paid with receipts',
      async () => {
        const all = await Promise.all(owed.map((r) => app.stores.requests.get(r.id)));
        return all.filter((r) => r?.attempts.some((a) => a.receiptPostedAt)).length >= 2 || undefined;
      },
      15_000,
    );

    // Where the URLs went.
    for (const call of slack.calls()) {
      if (String(call.params.channel ?? '') === slackDm()) continue;
      expect(JSON.stringify(call.params), `${call.method}`).not.toContain('/checkout/');
    }
    for (const r of slack.responses()) expect(JSON.stringify(r.body)).not.toContain('/checkout/');
    const discordDm = discord.dmChannelOf(member.id) ?? '';
    for (const call of discord.calls) {
      if (call.path.startsWith(`/channels/${discordDm}/`)) continue;
      expect(JSON.stringify(call.body ?? {}), `${call.method} ${call.path}`).not.toContain('/checkout/');
    }

    // What the logs say.
    const log = stack.log();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(SECRETS), slackUrl, discordUrl, '/checkout/cs_']) {
      expect(log).not.toContain(secret);
    }
  }, 30_000);
});

describe('the playground stays on loopback unless told otherwise', () => {
  it('HOST=0.0.0.0 in sandbox mode without PLAYGROUND stops start-up with one clear line', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/PLAYGROUND/);
    expect(loadConfig({ HOST: '0.0.0.0', PLAYGROUND: 'on' }).playground.enabled).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', PLAYGROUND: 'off' }).playground.enabled).toBe(false);
    expect(loadConfig({ HOST: '127.0.0.1' }).playground.enabled).toBe(true);
  });

  it('npm start with HOST=0.0.0.0 exits with code 2 and names PLAYGROUND', () => {
    const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../src/entry/main.ts')], {
      env: { PATH: process.env.PATH ?? '', HOST: '0.0.0.0', PORT: '0', STORE_URL: 'memory://' },
      cwd: resolve(import.meta.dirname),
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/PLAYGROUND.*0\.0\.0\.0/);
    expect(run.stdout).not.toMatch(/listening|playground at/);
  });
});
