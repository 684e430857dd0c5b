/**
 * The weekly report: Mondays 09:00 UTC in the alert channel, once per week across two bots on one
 * store and across restarts (simulated time), a missed Monday caught up, REPORT_WEEKLY=off honoured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BotParts, createBot } from '../../src/bot.ts';
import { findChartFont } from '../../src/charts/index.ts';
import { EchartsPngRenderer } from '../../src/charts/png-renderer.ts';
import { lastSlot, nextSlot, WEEKLY_ARMED_KEY, WeeklyReportJob, weeklyKey } from '../../src/core/report/index.ts';
import { textsFor } from '../../src/core/shared/i18n.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { ConversationRef } from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { pngSize } from './png.ts';
import { ann, DAY, request, simulatorWithLedger } from './seed.ts';

const HOUR = 60 * 60 * 1000;
/** Monday 30 Nov 2026 09:00 UTC. */
const MONDAY_9 = Date.UTC(2026, 10, 30, 9, 0);
const channel: ConversationRef = { platform: 'slack', channelId: 'C-finance' };
const charts = new EchartsPngRenderer({ fontFile: findChartFont() });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function world(startMs: number) {
  const clock = new ManualClock(startMs);
  const sim = await simulatorWithLedger(clock, [
    { type: 'debit', amountCents: 1234, usecase: 'api_usage', createdAt: MONDAY_9 - 2 * DAY },
  ]);
  closers.push(sim.close);
  const stores: Stores = await createStores('memory://', { clock });
  closers.push(() => stores.close());
  await stores.requests.put(
    request({ payer: ann, amountCents: 2500, createdAt: MONDAY_9 - 3 * DAY, paidAt: [MONDAY_9 - 3 * DAY] }),
  );
  const messenger = new RecordingMessenger('slack');
  const job = (ownerId: string) =>
    new WeeklyReportJob(
      {
        billing: sim.billing,
        requests: stores.requests,
        kv: stores.kv,
        leases: stores.leases,
        messengers: new Map([['slack', messenger]]),
        clock,
        logger: silentLogger,
        charts,
        texts: () => textsFor(createMessageFormatter(), 'en'),
        ownerId,
      },
      { channel },
    );
  const reports = () => messenger.channelPosts().filter((p) => p.reply.title?.startsWith('Spend report'));
  return { clock, stores, messenger, job, reports, sim };
}

describe('the weekly report slot', () => {
  it('is Monday 09:00 UTC', () => {
    expect(new Date(lastSlot(MONDAY_9)).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(new Date(lastSlot(MONDAY_9 - 1)).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(new Date(nextSlot(MONDAY_9 + 3 * DAY)).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });
});

describe('the weekly report', () => {
  it('posts once at Monday 09:00 from two bots on one store, with its two charts, and again a week later', async () => {
    const w = await world(MONDAY_9 - 10 * HOUR);
    const a = w.job('process-a');
    const b = w.job('process-b');
    a.start();
    b.start();
    await Promise.all([a.checkOnce(), b.checkOnce()]);
    expect(w.reports()).toHaveLength(0);

    await w.clock.advance(10 * HOUR);
    await Promise.all([a.checkOnce(), b.checkOnce()]);
    // The other process looks again after 15 minutes and finds the week posted.
    await w.clock.advance(20 * 60 * 1000);
    await Promise.all([a.checkOnce(), b.checkOnce()]);
    const [post] = w.reports();
    expect(w.reports()).toHaveLength(1);
    expect(post?.channelId).toBe(channel.channelId);
    expect(post?.reply.text).toContain('Spent (confirmed payments): $25.00: top-ups $25.00, subscriptions $0.00.');
    const usage = w.sim.ledger
      .filter((l) => l.usecase === 'api_usage' && l.createdAt >= MONDAY_9 - 7 * DAY && l.createdAt < MONDAY_9)
      .reduce((n, l) => n + l.amountCents, 0);
    expect(usage).toBeGreaterThanOrEqual(1234);
    expect(post?.reply.text).toContain(`API usage: $${(usage / 100).toFixed(2)} against`);
    expect(post?.reply.context).toContain('Weekly report (Mondays 09:00 UTC).');
    const files = post?.reply.attachments ?? [];
    expect(files.map((f) => f.filename)).toEqual([
      'mlbot-report-balance-2026-11-23-2026-11-30.png',
      'mlbot-report-members-2026-11-23-2026-11-30.png',
    ]);
    for (const f of files) expect(pngSize(f.content as Uint8Array)).toEqual({ width: 800, height: 400 });
    expect(await w.stores.kv.get(weeklyKey(MONDAY_9))).toMatchObject({ phase: 'posted' });

    await w.clock.advance(7 * DAY);
    await Promise.all([a.checkOnce(), b.checkOnce()]);
    expect(w.reports()).toHaveLength(2);
    a.stop();
    b.stop();
  });

  it('is not posted again after a restart, and a process down at 09:00 catches up once', async () => {
    const w = await world(MONDAY_9 + 2 * HOUR);
    // Switched on last week; down at 09:00, up at 11:00: the missed week is posted now.
    await w.stores.kv.set(WEEKLY_ARMED_KEY, MONDAY_9 - 3 * DAY);
    const first = w.job('process-a');
    expect(await first.checkOnce()).toBe('posted');
    first.stop();
    // Restarted at 11:30 (a new process, same store): nothing twice.
    await w.clock.advance(30 * 60 * 1000);
    const restarted = w.job('process-a2');
    restarted.start();
    expect(await restarted.checkOnce()).toBe('already');
    expect(w.reports()).toHaveLength(1);
    restarted.stop();
  });

  it('re-posts a week left `posting` by a crash mid-post, skips a week more than a day late', async () => {
    const w = await world(MONDAY_9 + HOUR);
    await w.stores.kv.set(WEEKLY_ARMED_KEY, MONDAY_9 - DAY);
    await w.stores.kv.set(weeklyKey(MONDAY_9), { phase: 'posting', at: MONDAY_9 });
    expect(await w.job('p').checkOnce()).toBe('posted');
    const late = await world(MONDAY_9 + 25 * HOUR);
    await late.stores.kv.set(WEEKLY_ARMED_KEY, MONDAY_9 - DAY);
    expect(await late.job('p').checkOnce()).toBe('not_due');
    expect(late.reports()).toHaveLength(0);
  });

  it('switched on after Monday 09:00 (an alert channel set at 10:00) waits for the next Monday', async () => {
    const w = await world(MONDAY_9 + HOUR);
    const job = w.job('p');
    job.start();
    expect(await job.checkOnce()).toBe('not_due');
    await w.clock.advance(6 * DAY);
    expect(await job.checkOnce()).toBe('not_due');
    await w.clock.advance(DAY - HOUR);
    await job.checkOnce();
    expect(w.reports()).toHaveLength(1);
    job.stop();
  });

  it('runs in the bot when there is an alert channel, unless REPORT_WEEKLY=off (reportWeekly: false)', async () => {
    const w = await world(MONDAY_9);
    const parts: BotParts = {
      billing: w.sim.billing,
      stores: w.stores,
      messengers: new Map([['slack' as const, w.messenger]]),
      clock: w.clock,
      logger: silentLogger,
      policy: makePolicy({ sandbox: true }),
      billingPerMinute: 600,
      charts,
      alerts: { thresholdCents: 100, channel, intervalMs: 60_000 },
    };
    expect(createBot(parts).weeklyReport).toBeInstanceOf(WeeklyReportJob);
    expect(createBot({ ...parts, reportWeekly: false }).weeklyReport).toBeUndefined();
    const { alerts: _none, ...noChannel } = parts;
    expect(createBot(noChannel).weeklyReport).toBeUndefined();
  });
});
