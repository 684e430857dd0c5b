/**
 * Self time of a V8 CPU profile (`node --cpu-prof`), aggregated by package (node_modules/<pkg>),
 * by project file and by function, so "what delays the ack" reads as a short table.
 *
 *   npx node bench/ack.ts --profile /tmp/ack-prof
 *   npx node bench/profile-summary.ts /tmp/ack-prof/CPU.*.cpuprofile [top=25] [burstMs=20]
 *
 * One profile per thread: the app's main thread (the one that acks) and the sqlite worker
 * (src/store/sqlite-worker.ts); each file given is summarised in turn.
 *
 * "Bursts" are stretches of back-to-back non-idle samples at least burstMs long: the event loop
 * was busy that long without a break, so an ack arriving then waited. Their time is attributed
 * inclusively to every function on the stack (what was running when the loop was blocked).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith('.cpuprofile'));
const [topArg, burstArg] = args.filter((a) => !a.endsWith('.cpuprofile'));
if (files.length === 0) throw new Error('usage: profile-summary.ts <file.cpuprofile>... [top] [burstMs]');
const top = Number(topArg ?? 25);
const burstUs = Number(burstArg ?? 20) * 1000;
const projectRoot = `${fileURLToPath(new URL('..', import.meta.url))}`;
for (const file of files) {
  console.log(`\n=== ${file}`);
  summarise(JSON.parse(await readFile(file, 'utf8')) as Profile);
}

function summarise(profile: Profile): void {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));

  function packageOf(url: string, name: string): string {
    if (!url) return name.startsWith('(') ? name : '(native)';
    const nm = url.lastIndexOf('/node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + '/node_modules/'.length).split('/');
      return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
    }
    if (url.startsWith('node:')) return url;
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    return path.startsWith(projectRoot) ? path.slice(projectRoot.length) : path;
  }

  const groups = { package: new Map<string, number>(), fn: new Map<string, number>() };
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    groups.package.set(pkg, (groups.package.get(pkg) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`;
    groups.fn.set(fn, (groups.fn.get(fn) ?? 0) + us);
  }

  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (self time, ${(total / 1e6).toFixed(1)} s sampled)`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  };
  print('By package / file', groups.package);
  print('By function', groups.fn);

  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const isIdle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
  const bursts: { from: number; to: number; us: number }[] = [];
  let from = -1;
  let runUs = 0;
  profile.samples.forEach((id, i) => {
    if (!isIdle(id)) {
      if (from < 0) [from, runUs] = [i, 0];
      runUs += profile.timeDeltas[i] ?? 0;
    } else if (from >= 0) {
      if (runUs >= burstUs) bursts.push({ from, to: i, us: runUs });
      from = -1;
    }
  });
  const inclusive = new Map<string, number>();
  let burstTotal = 0;
  for (const burst of bursts) {
    for (let i = burst.from; i < burst.to; i++) {
      const us = profile.timeDeltas[i] ?? 0;
      burstTotal += us;
      const seen = new Set<string>();
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)?.callFrame;
        if (!frame) break;
        const key = `${frame.functionName || '(anonymous)'} ${packageOf(frame.url, frame.functionName)}:${frame.lineNumber + 1}`;
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  const longest = bursts.map((b) => b.us / 1000).sort((a, b) => b - a);
  console.log(
    `\nBusy stretches of ${burstUs / 1000} ms or more: ${bursts.length}, ${(burstTotal / 1000).toFixed(0)} ms in all; longest ${longest
      .slice(0, 10)
      .map((v) => v.toFixed(0))
      .join(', ')} ms`,
  );
  for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * us) / burstTotal).toFixed(1).padStart(5)} %  ${k}`);
}
