/**
 * Scale-out on Redis: two bot processes (`src/entry/main.ts`) share one Redis, the simulator and the
 * fake Slack. Commands and clicks arrive at either. One is killed with SIGKILL while it watches
 * checkouts; the other takes them over once the dead one's watcher leases lapse (30 s, the
 * watcher's default: no setting shortens it yet). Each payment gets exactly one receipt, the
 * wallet is credited once per session, and ModelsLab never sees more than 15 billing calls in
 * any one-minute window across both processes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { BotProcess, killAllBots } from '../reliability/support/bot-process.ts';
import { APPROVER, SlackWorld } from '../reliability/support/slack-world.ts';
import { deleteBotKeys, redisDbUrl, redisSkipReason } from './redis-env.ts';

const skip = redisSkipReason();
const DB = 11;
const storeUrl = skip ? '' : redisDbUrl(DB);
const LEASE_TTL_MS = 30_000; // watcher default (src/watcher/schedule.ts)
let world: SlackWorld | undefined;

beforeAll(async () => {
  if (!skip) await deleteBotKeys(storeUrl);
});
afterAll(async () => {
  await killAllBots();
  await world?.close();
  if (!skip) await deleteBotKeys(storeUrl);
});

/** Most billing calls ModelsLab saw in any window of `windowMs`. */
function peakBillingCalls(calls: ReadonlyArray<{ path: string; at: number }>, windowMs = 60_000): number {
  const times = calls
    .filter((c) => /^\/(billing|wallet|subscriptions)(\/|$)/.test(c.path))
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

it.skipIf(!!skip)(
  'two processes on one Redis: either takes commands, the survivor of a kill -9 finishes its checkouts',
  async () => {
    world = await SlackWorld.start({ billingPerMin: 15 });
    const w = world;
    const env = w.env(storeUrl, { MODELSLAB_BILLING_PER_MIN: '15' });
    const [a, b] = await Promise.all([BotProcess.start(env, 'bot A'), BotProcess.start(env, 'bot B')]);
    const payer = (n: number) => `U0SCALE${n}`;
    const via = (n: number) => (n <= 2 ? a : b);

    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      await w.command(via(n).url, payer(n), `${20 + n} scale #${n}`);
      const [id] = await w.waitFor(() => [...w.cards()].find(([, c]) => c.text.includes(`#${n}\n`)), `card #${n}`);
      ids.push(id);
    }
    const id = (n: number) => ids[n - 1] ?? '';
    for (const n of [1, 2, 3, 4]) await w.click(via(n).url, APPROVER, w.card(id(n)), 'Approve');
    const dms: StoredMessage[] = [];
    for (const n of [1, 2, 3, 4]) dms.push(await w.waitFor(() => w.linkDms(payer(n), id(n))[0], `DM #${n}`));
    const dm = (n: number) => dms[n - 1] as StoredMessage;

    // One paid on each side while both live.
    for (const n of [1, 3]) w.sim.controls.markPaid(w.sessionOf(dm(n)));
    for (const n of [1, 3]) await w.click(via(n).url, payer(n), dm(n), "I've paid");
    await w.waitFor(() => w.thread(id(1)).length + w.thread(id(3)).length === 2, 'receipts #1 #3', 20_000);

    // A dies holding the watch on #2; B is told "I've paid" for both the rest.
    await a.kill9();
    const killedAt = Date.now();
    for (const n of [2, 4]) w.sim.controls.markPaid(w.sessionOf(dm(n)));
    for (const n of [2, 4]) await w.click(b.url, payer(n), dm(n), "I've paid");
    await w.waitFor(() => w.thread(id(4)).length === 1, 'receipt #4', 20_000);
    await w.waitFor(() => w.thread(id(2)).length === 1, 'receipt #2 taken over', LEASE_TTL_MS + 15_000);
    const takeoverMs = Date.now() - killedAt;
    console.info(`scale-out: survivor posted the dead process's receipt ${takeoverMs} ms after the kill`);
    expect(takeoverMs).toBeLessThan(LEASE_TTL_MS + 10_000);
    expect(await b.stop()).toBe(0);

    for (const n of [1, 2, 3, 4]) {
      expect({ n, receipts: w.thread(id(n)).filter((m) => m.text.includes('Receipt')).length }).toEqual({
        n,
        receipts: 1,
      });
      expect({ n, credits: w.sim.state.creditsFor(w.sessionOf(dm(n))) }).toEqual({ n, credits: 1 });
      expect(w.linkDms(payer(n), id(n))).toHaveLength(1);
    }
    expect(w.sim.state.sessions()).toHaveLength(4);
    const peak = peakBillingCalls(w.sim.state.calls());
    console.info(`scale-out: peak billing calls in any 60 s window across both processes: ${peak}`);
    expect(peak).toBeLessThanOrEqual(15);
    expect(w.sim.state.calls().filter((c) => c.status === 429)).toHaveLength(0);
  },
  120_000,
);
