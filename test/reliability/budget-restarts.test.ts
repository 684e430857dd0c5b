/**
 * The billing budget across kill -9: the real bot (`src/entry/main.ts`) as a child process, killed and
 * restarted twice while approvals wait for payment links, on sqlite and on Redis. The budget lives
 * in the store, so each new process continues the window the dead one was spending; counted at
 * the simulator's door, no rolling 60 s ever holds more than MODELSLAB_BILLING_PER_MIN billing
 * calls and ModelsLab never answers 429. (Before: sqlite kept the budget in process memory, and
 * every restart began with a fresh burst.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { billingAttempts, busiestWindow } from '../support/billing-door.ts';
import { BotProcess, killAllBots } from './support/bot-process.ts';
import { APPROVER, SlackWorld } from './support/slack-world.ts';

const LIMIT = 5;
const REDIS_URL = process.env.REDIS_URL;
const dir = mkdtempSync(join(tmpdir(), 'mlbot-budget-'));
const worlds: SlackWorld[] = [];

afterAll(async () => {
  await killAllBots();
  await Promise.allSettled(worlds.map((w) => w.close()));
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const user = (n: number) => `U0B${String(n).padStart(2, '0')}`;

async function killAndRestartTwice(storeUrl: string, extra: Record<string, string> = {}) {
  const w = await SlackWorld.start({ billingPerMin: LIMIT });
  worlds.push(w);
  const env = w.env(storeUrl, { MODELSLAB_BILLING_PER_MIN: String(LIMIT), ...extra });
  const since = Date.now();
  const a = await BotProcess.start(env, 'bot A');
  // Six approvals at once want six payment links: more than the budget allows in a minute.
  const ids: string[] = [];
  for (let n = 1; n <= 6; n++) {
    await w.command(a.url, user(n), `${10 + n} budget restart #${n}`);
    const card = await w.waitFor(() => [...w.cards()].find(([, c]) => c.text.includes(`#${n}\n`)), `card #${n}`);
    ids.push(card[0]);
  }
  for (const id of ids) await w.click(a.url, APPROVER, w.card(id), 'Approve');
  // Killed once ModelsLab has opened some of the sessions, with the rest still waiting for the budget.
  await w.waitFor(() => w.sim.state.sessions().length >= 2, 'two checkout sessions', 20_000);
  await a.kill9();

  // Each new process resumes the approvals that still need a link, and watches the open ones.
  const b = await BotProcess.start(env, 'bot B');
  await sleep(3_000);
  await b.kill9();
  const c = await BotProcess.start(env, 'bot C');
  await sleep(4_000);
  await c.stop();

  const door = billingAttempts(w.sim.state.calls(), since);
  const rateLimited = w.sim.state.calls().filter((call) => call.status === 429);
  return { door, rateLimited, links: w.sim.state.sessions().length };
}

describe('the billing budget survives kill -9', () => {
  it('sqlite: the window continues in the file; never more than the limit at the door, no 429', async () => {
    const { door, rateLimited, links } = await killAndRestartTwice(`sqlite://${join(dir, 'bot.sqlite')}`);
    console.log(
      `sqlite kill -9 ×2: ${door.length} billing calls at the door, busiest 60 s ${busiestWindow(door)}, links ${links}`,
    );
    expect(links).toBeGreaterThanOrEqual(1);
    expect(busiestWindow(door)).toBeLessThanOrEqual(LIMIT);
    expect(rateLimited).toEqual([]);
  }, 90_000);

  it.skipIf(!REDIS_URL)(
    'Redis: one window for every process; never more than the limit at the door, no 429',
    async () => {
      const namespace = `mlbot-budget-${randomUUID().slice(0, 8)}`;
      try {
        const { door, rateLimited, links } = await killAndRestartTwice(REDIS_URL ?? '', { STORE_NAMESPACE: namespace });
        console.log(
          `redis kill -9 ×2: ${door.length} billing calls at the door, busiest 60 s ${busiestWindow(door)}, links ${links}`,
        );
        expect(links).toBeGreaterThanOrEqual(1);
        expect(busiestWindow(door)).toBeLessThanOrEqual(LIMIT);
        expect(rateLimited).toEqual([]);
      } finally {
        await deleteNamespace(REDIS_URL ?? '', namespace);
      }
    },
    90_000,
  );
});

async function deleteNamespace(url: string, namespace: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  } finally {
    client.destroy();
  }
}
