/**
 * `/ml report` through the real platforms: Slack (files.uploadV2 of the two PNG charts to the
 * approver's DM, the figures in the ephemeral answer), Discord (two attachments on the private
 * answer) — each against its loopback fake, the real bot wiring and the ModelsLab simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWeeklyReport } from '../../src/channel-jobs.ts';
import { WEEKLY_ARMED_KEY } from '../../src/core/report/index.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { type DiscordApp, startDiscordApp } from '../discord/harness.ts';
import { EPHEMERAL, embedOf, privateAnswer } from '../discord/helpers.ts';
import { ALERTS, CAROL, CHANNEL, MALLORY, SlackApp } from '../slack/harness.ts';
import { pngSize } from './png.ts';
import { DAY, request } from './seed.ts';

let slack: SlackApp | undefined;
let discord: DiscordApp | undefined;
afterEach(async () => {
  await slack?.close();
  await discord?.close();
  slack = discord = undefined;
});

describe('/ml report on Slack', () => {
  it('uploads the two charts as PNGs to the approver’s DM and lists every figure in the answer', async () => {
    slack = await SlackApp.start();
    const now = Date.now();
    await slack.stores.requests.put(
      request({
        payer: { platform: 'slack', id: 'U0ALICE', name: 'alice' },
        amountCents: 2500,
        createdAt: now - DAY,
        paidAt: [now - DAY],
      }),
    );
    const cmd = await slack.command(CAROL, '/ml', 'report 7');
    await slack.settle();
    const [answer] = slack.ephemeralsFor(CAROL, cmd.responseUrlId);
    expect(answer?.text).toContain('Spent (confirmed payments): $25.00: top-ups $25.00');
    expect(answer?.text).toContain('<@U0ALICE>: $25.00 (1 payment)');
    expect(JSON.stringify(answer?.blocks)).toContain('Sent the files to your DMs (mlbot-report-balance-');

    const uploads = slack.fake.uploads();
    expect(uploads.map((u) => u.filename)).toEqual([
      expect.stringMatching(/^mlbot-report-balance-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.png$/),
      expect.stringMatching(/^mlbot-report-members-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.png$/),
    ]);
    for (const u of uploads) {
      expect(u.channelId).toBe(slack.fake.dmChannelOf(CAROL));
      expect(pngSize(new Uint8Array(u.bytes ?? Buffer.alloc(0)))).toEqual({ width: 800, height: 400 });
    }
    expect(slack.fake.calls('files.completeUploadExternal')).toHaveLength(2);
    // Private: nothing of the report reaches the channel.
    expect(slack.fake.messages(CHANNEL).filter((m) => /report|spent/i.test(m.text))).toHaveLength(0);
  });

  it('refuses a member and a bad number of days, uploading nothing', async () => {
    slack = await SlackApp.start();
    const m = await slack.command(MALLORY, '/ml', 'report');
    const bad = await slack.command(CAROL, '/ml', 'report 365');
    await slack.settle();
    expect(slack.ephemeralsFor(MALLORY, m.responseUrlId)[0]?.text).toContain(
      'Only approvers can see the spend report.',
    );
    expect(slack.ephemeralsFor(CAROL, bad.responseUrlId)[0]?.text).toContain(
      'Give a whole number of days from 1 to 90 (default 7).',
    );
    expect(slack.fake.uploads()).toHaveLength(0);
  });
});

describe('the weekly report on Slack', () => {
  it('posts in the alert channel with both charts uploaded there, once across a restart', async () => {
    slack = await SlackApp.start();
    const app = slack;
    const monday9 = Date.UTC(2026, 10, 30, 9, 0);
    const clock = new ManualClock(monday9 + 30 * 60 * 1000);
    await app.stores.kv.set(WEEKLY_ARMED_KEY, monday9 - 7 * DAY);
    await app.stores.requests.put(
      request({
        payer: { platform: 'slack', id: 'U0ALICE', name: 'alice' },
        amountCents: 2500,
        createdAt: monday9 - DAY,
        paidAt: [monday9 - DAY],
      }),
    );
    const job = () =>
      createWeeklyReport(
        {
          billing: app.billing,
          stores: app.stores,
          messengers: new Map([['slack', app.adapter.messenger]]),
          clock,
          logger: silentLogger,
        },
        { channel: { platform: 'slack', channelId: ALERTS }, sandbox: true },
      );
    expect(await job()?.checkOnce()).toBe('posted');
    const [post] = app.fake.messages(ALERTS);
    expect(post?.text).toContain('Spend report, last 7 days');
    expect(JSON.stringify(post?.blocks)).toContain('<@U0ALICE>: $25.00 (1 payment)');
    const uploads = app.fake.uploads();
    expect(uploads.map((u) => [u.channelId, u.filename])).toEqual([
      [ALERTS, 'mlbot-report-balance-2026-11-23-2026-11-30.png'],
      [ALERTS, 'mlbot-report-members-2026-11-23-2026-11-30.png'],
    ]);
    for (const u of uploads)
      expect(pngSize(new Uint8Array(u.bytes ?? Buffer.alloc(0)))).toEqual({ width: 800, height: 400 });
    // A restarted process on the same store: nothing twice.
    expect(await job()?.checkOnce()).toBe('already');
    expect(app.fake.messages(ALERTS)).toHaveLength(1);
    expect(app.fake.uploads()).toHaveLength(2);
  });
});

describe('/ml report on Discord', () => {
  it('answers privately with the figures and the two charts as PNG attachments', async () => {
    discord = await startDiscordApp();
    const { fake, alice, bob } = discord;
    const now = Date.now();
    await discord.stores.requests.put(
      request({
        payer: { platform: 'discord', id: alice.id, name: 'alice' },
        amountCents: 4000,
        createdAt: now - DAY,
        paidAt: [now - DAY],
      }),
    );
    const interaction = fake.sendCommand(bob, 'ml', { command: 'report 30' });
    const message = await privateAnswer(discord, interaction.token, 'the report');
    expect(message.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(message).title).toBe('Spend report, last 30 days');
    expect(embedOf(message).description).toContain(`<@${alice.id}>: $40.00 (1 payment)`);
    const files = discord.answersTo(interaction.token).flatMap((c) => c.files);
    expect(files.map((f) => f.name)).toEqual([
      expect.stringMatching(/^mlbot-report-balance-.*\.png$/),
      expect.stringMatching(/^mlbot-report-members-.*\.png$/),
    ]);
    for (const f of files) {
      expect(f.contentType).toBe('image/png');
      expect(pngSize(new Uint8Array(f.data))).toEqual({ width: 800, height: 400 });
    }
    expect(message.attachments.map((a) => a.filename)).toEqual(files.map((f) => f.name));
  });
});
