/**
 * Runs every benchmark in its own Node process and writes docs/benchmarks.md from what they
 * printed, with the machine, the date and the commands.
 *
 *   npm run bench        (node bench/run.ts on the project's Node 24)
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChild } from './lib/child.ts';
import { type BenchResult, targetTable } from './lib/report.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const BENCHES = [
  { file: 'watcher.ts', title: 'Payment detection and billing calls (bench/watcher.ts)', flags: [] },
  { file: 'scale.ts', title: 'Many open checkouts: memory and restart (bench/scale.ts)', flags: ['--expose-gc'] },
  { file: 'ack.ts', title: 'Slash-command ack latency (bench/ack.ts)', flags: [] },
] as const;

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
  '- **ack**: open loop (requests sent on schedule, latency from the scheduled time). The fake Slack and the load',
  '  generator run in the same process as both apps, so their CPU counts against both alike.',
  '',
].join('\n');

await writeFile(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), doc);
console.log(`\nWrote docs/benchmarks.md (${totalS.toFixed(0)} s).`);
