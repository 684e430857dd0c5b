/**
 * Runs every benchmark in its own Node process and writes docs/benchmarks.md from what they
 * printed, with the machine, the date and the commands.
 *
 *   npm run bench        (node bench/run.ts on the project's Node 24)
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChild } from './lib/child.ts';
import { type BenchResult, targetTable } from './lib/report.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const BENCHES = [
  { file: 'watcher.ts', title: 'Payment detection and billing calls (bench/watcher.ts)', flags: [] },
  { file: 'scale.ts', title: 'Many open checkouts: memory and restart (bench/scale.ts)', flags: ['--expose-gc'] },
  { file: 'ack.ts', title: 'Slash-command ack latency (bench/ack.ts)', flags: [] },
] as const;

const loadText = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');
const loadBefore = loadText();
const began = performance.now();
const sections: string[] = [];
const missed: string[] = [];
const commands: string[] = [];
for (const bench of BENCHES) {
  console.log(`\n=== ${bench.file}`);
  const run = await runChild<BenchResult>(here(bench.file), [], { nodeFlags: bench.flags });
  commands.push(`npx node ${bench.flags.map((f) => `${f} `).join('')}bench/${bench.file}`);
  sections.push(
    `### ${bench.title}`,
    '',
    run.result.markdown,
    '',
    targetTable(run.result.targets),
    '',
    `Wall time: ${(run.wallMs / 1000).toFixed(1)} s.`,
    '',
  );
  for (const t of run.result.targets) if (!t.met) missed.push(`- ${t.target}: ${t.measured}. ${t.note ?? ''}`.trim());
}
const totalS = (performance.now() - began) / 1000;
const loadAfter = loadText();

const cpu = cpus();
const doc = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (`node bench/run.ts`); every figure below is what that run printed.',
  'Each benchmark compares against a baseline measured in the same run, because the machines are noisy.',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
  `- Node ${process.version}, ${process.platform}/${process.arch}`,
  `- Total wall time: ${totalS.toFixed(0)} s`,
  `- Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter} (above ~1 means other work shared the 2 cores during the run)`,
  '',
  'Commands (each benchmark also runs alone):',
  '',
  '```sh',
  'npm run bench',
  ...commands,
  'REDIS_URL=redis://127.0.0.1:6379 npx node --expose-gc bench/scale.ts   # Redis is skipped if unreachable',
  '```',
  '',
  '## Targets missed',
  '',
  ...(missed.length ? missed : ['None.']),
  '',
  '## Results',
  '',
  ...sections,
  '## How to read these',
  '',
  '- **watcher**: simulated time (ManualClock), fixed seed. The billing model is the real simulator',
  '  (`createSimulator({ clock, billingPerMin: 15 })`: fixed 60 s windows per token, refused calls counted) and',
  '  the real `ModelsLabClient`/`ModelsLabBilling`, reached through an in-process `fetch` that hands each request',
  "  to the simulator's HTTP handler without a socket (bench/lib/in-process-fetch.ts): the naive baseline makes",
  '  up to 260,000 calls, which over loopback HTTP took minutes; in process they take seconds and the simulator',
  "  answers exactly as it does over HTTP. The baseline uses a plain `fetch` per poll, like ModelsLab's example.",
  '  Links are created with separate seed tokens so link creation does not spend the account budget measured.',
  '- **scale**: heap after `gc()` is what the watcher keeps per checkout; RSS also includes heap V8 reserved',
  '  while reading every open request at once during `start()`.',
  '- **ack**: open loop (requests sent on schedule, latency from the scheduled time). The load generator runs',
  '  alone in its own process; the app, bare Bolt and the fake Slack each run alone in a child process',
  "  (bench/lib/ack-server.ts), so each server's event-loop delay and CPU are its own and the fake Slack",
  "  answering the app's card posts does not slow the client's reading of acks. All four processes share",
  '  2 cores, so CPU contention is still part of the figures, for both servers alike (runs alternate).',
  '  Profile: `npx node bench/ack.ts --profile /tmp/ack-prof` then `npx node bench/profile-summary.ts',
  '  /tmp/ack-prof/CPU.*.cpuprofile` (self time by package and function; the busy stretches that delayed acks).',
  "- **ack, what the profile showed and what was fixed** (2026-11-29): the app's event loop spent ~45 % of its",
  '  busy time in `(program)`: node-sqlite3 finalizes every statement on the main thread, and the connection',
  '  (FULLMUTEX) was often held by the next statement running on a libuv worker, fsync of its commit included',
  '  (synchronous = FULL), so the loop sat blocked on the mutex; the slower the disk (other tests writing),',
  '  the longer. Statements now run one at a time (src/store/one-at-a-time.ts): `(program)` fell from 11.1 s',
  '  to 1.4 s of a two-round profile. Back to back on a quiet machine (load 0.9, 3 rounds): before, app p99',
  "  22.5 ms vs bare 5.5 ms (4.07×), the app's event-loop delay p99 5.8-8.1 ms; after, 11.3 ms vs 4.5 ms",
  '  (2.50×), 2.7-3.0 ms. On the busier machine (load 3-4) the same stall had given p99 of 80 ms to 1.8 s.',
  '  The engine sweep reading ~4,600 open requests parsed 500 per store read (22-27 ms blocks); it now',
  '  reads 100. The Slack adapter no longer builds a pino child logger per event (redacting its bindings).',
  '  Deferring after-ack work (setImmediate) and bounding it to 2 or 8 events at once were measured too:',
  '  no better within the noise once the stall was fixed, so not kept.',
  '  What remains is CPU on the same thread: ~2.6 ms of main-thread work per command (Slack Web API call',
  '  through undici, keyv serialisation, ~12 sqlite statements, rendering, young-generation GC) against',
  '  ~0.4 ms for bare Bolt. Meeting 1.2× bare Bolt would need the after-ack work off the thread that acks',
  '  (the engine in a worker thread, or a second process fed through the store).',
  '',
].join('\n');

await writeFile(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), doc);
console.log(`\nWrote docs/benchmarks.md (${totalS.toFixed(0)} s).`);
