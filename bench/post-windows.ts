/**
 * The remaining duplicate-post windows on Slack, measured (docs/reliability.md, "Message posts").
 * The whole bot in one process (harness: real Bolt, engine, memory store, watcher, simulator)
 * runs fund flows against the fake Slack in four modes: Slack answers at once (the baseline),
 * takes every post and answers late, takes it and never answers, or loses it and never answers.
 * For every card, link DM and receipt it reports how long the message existed in Slack before
 * the bot had recorded it (the window in which a kill -9 leaves a post the bot does not know
 * about), how many chat.postMessage calls it took and how many copies ended up in Slack.
 * The client timeout is 300 ms here (10 s in production); late answers come after 1 s.
 * Then the same four modes for Discord's create-message through the real discord.js client
 * (timeout 300 ms; 15 s in production): how long a post took and how many messages it left.
 *
 *   node bench/post-windows.ts [--flows <n per mode>]
 */

import type { StoredMessage } from '../fakes/slack/fake-slack.ts';
import type { PaymentRequest } from '../src/core/requests/request.ts';
import { startDiscordApp } from '../test/discord/harness.ts';
import { linkUrl, SlackApp } from '../test/slack/harness.ts';
import { sessionOf } from '../test/slack/support.ts';
import { table } from './lib/report.ts';

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const FLOWS = Number(flag('--flows') ?? 8);
const TIMEOUT_MS = 300;

type Mode = 'answers at once' | 'answers after 1 s' | 'stores, never answers' | 'loses, never answers';
const MODES: readonly Mode[] = [
  'answers at once',
  'answers after 1 s',
  'stores, never answers',
  'loses, never answers',
];

interface Sample {
  readonly kind: 'card' | 'dm' | 'receipt';
  /** Slack stored the message → the bot's store held its ts. */
  readonly windowMs: number;
}

function arm(app: SlackApp, mode: Mode): void {
  if (mode === 'answers after 1 s') app.fake.answerLate('chat.postMessage', 1_000, 1);
  if (mode === 'stores, never answers') app.fake.neverAnswer('chat.postMessage', { apply: true });
  if (mode === 'loses, never answers') app.fake.neverAnswer('chat.postMessage', { apply: false });
}

/** First moment each message ts appeared in a stored request. */
function watchRecords(app: SlackApp): Map<string, number> {
  const seen = new Map<string, number>();
  const requests = app.stores.requests as { put(r: PaymentRequest): Promise<void> };
  const put = requests.put.bind(requests);
  requests.put = async (r: PaymentRequest) => {
    await put(r);
    const now = Date.now();
    const refs = [r.card?.messageId, ...r.attempts.flatMap((a) => [a.dm?.messageId, a.receipt?.messageId])];
    for (const ts of refs) if (ts && !seen.has(ts)) seen.set(ts, now);
  };
  return seen;
}

async function runMode(mode: Mode): Promise<{ samples: Sample[]; posts: number; copies: number; messages: number }> {
  const app = await SlackApp.start({
    adapter: { requestTimeoutMs: TIMEOUT_MS, postTiming: { readDelaysMs: [0, 100], orphanCheckMs: 300 } },
  });
  const recorded = watchRecords(app);
  const samples: Sample[] = [];
  const mine: Array<{ kind: Sample['kind']; where: () => StoredMessage[] }> = [];
  try {
    for (let i = 0; i < FLOWS; i++) {
      arm(app, mode);
      const payer = `U0PAYER${i}`; // one user may open only 5 requests a minute
      await app.command(payer, '/ml-fund', `${10 + i} window w${i}x`);
      await app.settle();
      const card = await app.fake.waitFor(() => app.cards().find((c) => c.text.includes(`w${i}x`)), 5_000, 'card');
      arm(app, mode);
      await app.click('U0BOB', card, 'Approve');
      await app.settle();
      const dm = await app.fake.waitFor(() => app.dms(payer)[0], 5_000, 'DM');
      const url = linkUrl(dm);
      arm(app, mode);
      app.sim.controls.markPaid(sessionOf(url));
      await app.fake.waitFor(() => app.thread(card).length > 0, 8_000, 'receipt');
      await app.fake.waitFor(() => recorded.has(app.thread(card)[0]?.ts ?? ''), 5_000, 'receipt recorded');
      mine.push({ kind: 'card', where: () => app.cards().filter((c) => c.text.includes(`w${i}x`)) });
      mine.push({ kind: 'dm', where: () => app.dms(payer).filter((m) => JSON.stringify(m.versions[0]).includes(url)) });
      mine.push({ kind: 'receipt', where: () => app.thread(card) });
      for (const m of [card, dm, ...app.thread(card)]) {
        const at = recorded.get(m.ts);
        const kind: Sample['kind'] = m === card ? 'card' : m === dm ? 'dm' : 'receipt';
        if (at !== undefined) samples.push({ kind, windowMs: at - m.postedAt });
      }
      app.fake.neverAnswer('chat.postMessage', { apply: false, n: 0 });
      app.fake.answerLate('chat.postMessage', 0, 0);
    }
    await new Promise((r) => setTimeout(r, 1_500)); // late answers and the duplicate check
    await app.settle();
    const copies = mine.reduce((sum, m) => sum + Math.max(0, m.where().length - 1), 0);
    const messages = app.fake.messages().filter((m) => !m.ephemeralFor).length;
    return { samples, posts: app.fake.calls('chat.postMessage').length, copies, messages };
  } finally {
    await app.close();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const rows: string[][] = [];
let baseline = Number.NaN;
for (const mode of MODES) {
  const { samples, posts, copies, messages } = await runMode(mode);
  const windows = samples.map((s) => s.windowMs);
  const median = quantile(windows, 0.5);
  if (mode === 'answers at once') baseline = median;
  rows.push([
    mode,
    String(samples.length),
    `${median} ms`,
    `${quantile(windows, 0.95)} ms`,
    `${Math.max(...windows)} ms`,
    `${Math.max(0, median - baseline)} ms`,
    `${posts} for ${FLOWS * 3} messages`,
    String(copies),
    String(messages),
  ]);
}
console.log(
  `\nSlack accepted a post → the bot recorded it (client timeout ${TIMEOUT_MS} ms, ${FLOWS} fund flows per mode)\n`,
);
console.log(
  table(
    [
      'Slack',
      'posts',
      'median',
      'p95',
      'max',
      'median − at once',
      'chat.postMessage calls',
      'extra copies',
      'messages',
    ],
    rows,
  ),
);

// ---------------------------------------------------------------- Discord
const POSTS = /^\/channels\/\d+\/messages$/;
const discordRows: string[][] = [];
for (const mode of MODES) {
  const app = await startDiscordApp({ adapter: { restTimeoutMs: TIMEOUT_MS } });
  const took: number[] = [];
  try {
    const to = { platform: 'discord' as const, channelId: app.fake.channelId };
    for (let i = 0; i < FLOWS * 3; i++) {
      if (mode === 'answers after 1 s') app.fake.answerLate(1, 'POST', POSTS, 1_000);
      if (mode === 'stores, never answers') app.fake.neverAnswer(1, 'POST', POSTS, { apply: true });
      if (mode === 'loses, never answers') app.fake.neverAnswer(1, 'POST', POSTS, { apply: false });
      const started = Date.now();
      await app.adapter.messenger.post(to, { title: 'Receipt', text: `post ${i}` });
      took.push(Date.now() - started);
    }
    await new Promise((r) => setTimeout(r, 1_200));
    const messages = app.fake.state.channelMessages(app.fake.channelId).length;
    const calls = app.fake.calls.filter((c) => c.method === 'POST' && POSTS.test(c.path)).length;
    discordRows.push([
      mode,
      String(took.length),
      `${quantile(took, 0.5)} ms`,
      `${quantile(took, 0.95)} ms`,
      `${calls} for ${took.length} messages`,
      String(messages - took.length),
    ]);
  } finally {
    await app.close();
  }
}
console.log(`\nDiscord create-message through discord.js (timeout ${TIMEOUT_MS} ms, nonce + enforce_nonce)\n`);
console.log(table(['Discord', 'posts', 'median', 'p95', 'POST calls', 'extra copies'], discordRows));
