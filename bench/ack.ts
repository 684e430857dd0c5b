/**
 * How fast the slash command is answered: signed /ml-fund commands at a fixed rate to the real
 * app's /slack/events (engine, sqlite store, watcher, the simulator and a fake Slack behind it),
 * and the same load to a bare Bolt app whose listener only acks. Runs alternate A/B/A/B in one
 * process so drift on a noisy machine hits both alike.
 *
 *   npx node bench/ack.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/ops/index.ts';
import { sendSlashCommand } from '../test/fakes/slack/driver.ts';
import { startFakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { startBareBolt } from './lib/bare-bolt.ts';
import { openLoop } from './lib/open-loop.ts';
import { emit, ms, ratio, type TargetCheck, table } from './lib/report.ts';
import { type Summary, summarize } from './lib/stats.ts';

const RATE = 200;
const COUNT = 2_000;
const WARMUP = 300;
const ROUNDS = 2;
const USERS = 500;
const SECRET = 'bench-signing-secret';

const fakeSlack = await startFakeSlack({ botToken: 'xoxb-bench' });
const dataDir = await mkdtemp(join(tmpdir(), 'mlbot-bench-ack-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  PLAYGROUND: 'off',
  STORE_URL: process.argv[2] ?? `sqlite://${join(dataDir, 'ack.sqlite')}`,
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: `${fakeSlack.url}/api/`,
  LOG_LEVEL: 'silent',
  REQUESTS_PER_MINUTE: '1000',
});
const app = await startApp(config, { logger: createLogger({ level: 'silent', pretty: false }) });
const bare = await startBareBolt(SECRET, `${fakeSlack.url}/api/`);
const targets = { app: `${app.url}/slack/events`, bare: bare.url };
type Target = keyof typeof targets;

let sent = 0;
function command(target: Target) {
  const n = sent++;
  return sendSlashCommand(
    targets[target],
    {
      command: '/ml-fund',
      text: `${10 + (n % 90)} eval run ${n}`,
      userId: `U${String(n % USERS).padStart(6, '0')}`,
      channelId: 'C0BENCH',
      responseUrl: fakeSlack.responseUrl(),
    },
    { secret: SECRET },
  );
}

/** The app keeps working after each ack (store writes, cards, replies); let it finish between runs. */
async function quiet(): Promise<void> {
  const activity = () => fakeSlack.calls().length + fakeSlack.responses().length;
  let last = -1;
  for (let waited = 0; waited < 60_000 && activity() !== last; waited += 500) {
    last = activity();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Run {
  readonly target: Target;
  readonly round: number;
  readonly summary: Summary;
  readonly failures: number;
  readonly sentPerSec: number;
  /** Event-loop delay p99 during the run (ms): how long callbacks, acks included, waited for the thread. */
  readonly loopDelayP99: number;
  /** Process CPU per command, load generator and fake Slack included, until the app went quiet. */
  readonly cpuPerCommandMs: number;
}

const runs: Run[] = [];
const samples: Record<Target, number[]> = { app: [], bare: [] };
for (const target of ['app', 'bare'] as const) {
  await openLoop(WARMUP, RATE, () => command(target));
  await quiet();
}
for (let round = 1; round <= ROUNDS; round++) {
  for (const target of ['app', 'bare'] as const) {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const result = await openLoop(COUNT, RATE, () => command(target));
    loop.disable();
    await quiet();
    const cpu = process.cpuUsage(cpuBefore);
    samples[target].push(...result.latenciesMs);
    const run = {
      target,
      round,
      summary: summarize(result.latenciesMs),
      failures: result.failures,
      sentPerSec: result.sentPerSec,
      loopDelayP99: loop.percentile(99) / 1e6,
      cpuPerCommandMs: (cpu.user + cpu.system) / 1000 / COUNT,
    };
    runs.push(run);
    console.log(
      `${target} round ${round}: p50 ${ms(run.summary.p50)} p99 ${ms(run.summary.p99)} max ${ms(run.summary.max)} failures ${run.failures} event-loop p99 ${ms(run.loopDelayP99)} cpu/command ${ms(run.cpuPerCommandMs, 2)}`,
    );
  }
}
const cards = fakeSlack.calls('chat.postMessage').length;
await bare.stop();
await app.stop();
await fakeSlack.stop();
await rm(dataDir, { recursive: true, force: true });

const pooled = { app: summarize(samples.app), bare: summarize(samples.bare) };
const row = (label: string, s: Summary, failures: number, r?: Run) => [
  label,
  s.n,
  failures,
  r ? r.sentPerSec.toFixed(0) : '',
  ms(s.p50),
  ms(s.p99),
  ms(s.max),
  r ? ms(r.loopDelayP99) : '',
  r ? ms(r.cpuPerCommandMs, 2) : '',
];
const failuresOf = (target: Target) => runs.filter((r) => r.target === target).reduce((n, r) => n + r.failures, 0);
const p99Ratio = pooled.app.p99 / pooled.bare.p99;
const checks: TargetCheck[] = [
  {
    target: 'app p99 ≤ 1.2× bare Bolt p99',
    measured: `${ms(pooled.app.p99)} vs ${ms(pooled.bare.p99)} (${ratio(pooled.app.p99, pooled.bare.p99)})`,
    met: p99Ratio <= 1.2,
    ...(p99Ratio <= 1.2
      ? {}
      : { note: `over by ${(p99Ratio - 1.2).toFixed(2)}× (${ms(pooled.app.p99 - 1.2 * pooled.bare.p99)})` }),
  },
  {
    target: `app p99 < 50 ms at ${RATE} rps`,
    measured: ms(pooled.app.p99),
    met: pooled.app.p99 < 50,
    ...(pooled.app.p99 < 50 ? {} : { note: `over by ${ms(pooled.app.p99 - 50)}` }),
  },
  {
    target: 'every command acked with 200',
    measured: `${failuresOf('app')} app / ${failuresOf('bare')} bare failures`,
    met: failuresOf('app') === 0 && failuresOf('bare') === 0,
  },
];

emit({
  name: 'ack',
  markdown: [
    `Open loop at ${RATE} requests/s, ${COUNT} signed \`/ml-fund\` commands per run, ${USERS} users, after ${WARMUP} ` +
      `warm-up commands each; runs alternate app, bare, app, bare. Latency runs from when a request was due to the ` +
      'end of the HTTP response (the ack), over loopback, load generator in the same process. The app posted ' +
      `${cards} request cards to the fake Slack during the run (work done after the ack). A failure is an answer ` +
      'other than 200 or no answer: Bolt answers an un-acked request itself after about 3 s. CPU / command is ' +
      'the whole process (load generator and fake Slack included) from the start of a run until the app went quiet.',
    '',
    table(
      ['run', 'acks', 'failures', 'sent/s', 'p50', 'p99', 'max', 'event-loop delay p99', 'CPU / command'],
      [
        ...runs.map((r) => row(`${r.target} #${r.round}`, r.summary, r.failures, r)),
        row('app, all runs', pooled.app, failuresOf('app')),
        row('bare Bolt, all runs', pooled.bare, failuresOf('bare')),
      ],
    ),
    '',
    `App / bare Bolt: p50 ${ratio(pooled.app.p50, pooled.bare.p50)}, p99 ${ratio(pooled.app.p99, pooled.bare.p99)}, max ${ratio(pooled.app.max, pooled.bare.max)}.`,
  ].join('\n'),
  targets: checks,
});
