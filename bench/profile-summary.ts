/**
 * Self time of a V8 CPU profile (`node --cpu-prof`), aggregated by package (node_modules/<pkg>),
 * by project file and by function, so "what delays the ack" reads as a short table.
 *
 *   npx node bench/ack.ts --profile /tmp/ack-prof
 *   npx node bench/profile-summary.ts /tmp/ack-prof/CPU.*.cpuprofile [top=25]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const project = url.indexOf('/work/main/');
  return project >= 0 ? url.slice(project + '/work/main/'.length) : url;
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
