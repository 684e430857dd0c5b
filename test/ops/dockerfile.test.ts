/**
 * Docker cannot run on the build machines, so this checks what can be checked without it: the
 * image is built the conventional way, the CMD starts a file that exists, everything that file
 * imports is copied into the image and installed as a production dependency, and the
 * HEALTHCHECK command really tells a healthy /healthz from a failing one.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler } from '../../src/ops/health.ts';
import { serve } from './serve.ts';

const root = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Instructions with line continuations joined; comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
const args = new Map(instructions.filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string]));
const stages = instructions
  .map((inst, index) => ({ ...inst, index }))
  .filter((i) => i.op === 'FROM')
  .map((i) => ({
    image: i.args.split(/\s+/)[0]!.replace(/\$\{(\w+)\}/g, (_, name) => args.get(name) ?? ''),
    index: i.index,
  }));
const finalStage = instructions.slice(stages.at(-1)!.index);
const execForm = (op: string) => {
  const inst = finalStage.find((i) => i.op === op);
  return inst ? (JSON.parse(inst.args.replace(/^CMD\s+/, '')) as string[]) : undefined;
};

describe('Dockerfile', () => {
  it('is multi-stage on node:24-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.image).toBe('node:24-slim');
  });

  it('installs production dependencies only, from the lock file', () => {
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r) || /npm prune\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /npm (install|i)\b/.test(r))).toBe(false);
  });

  it('runs as a non-root user, with the sqlite file on a volume', () => {
    const user = finalStage.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    expect(finalStage.find((i) => i.op === 'VOLUME')?.args).toContain('/app/data');
    expect(finalStage.find((i) => i.op === 'ENV')?.args).toContain('STORE_URL=sqlite:///app/data/mlbot.sqlite');
    expect(finalStage.find((i) => i.op === 'EXPOSE')?.args).toBe('3000');
    expect(finalStage.find((i) => i.op === 'STOPSIGNAL')?.args).toBe('SIGTERM');
  });

  it("starts the app with the image's node (not npm start), on a file that exists", () => {
    const cmd = execForm('CMD');
    expect(cmd?.[0]).toBe('node');
    expect(cmd).not.toContain('npm');
    expect(existsSync(join(root, cmd![1]!))).toBe(true);
  });

  it('copies everything the entry point imports, and the dependencies it needs are production ones', () => {
    const copied = finalStage
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .map((i) => i.args.split(/\s+/)[0]!);
    for (const source of copied) {
      expect(existsSync(join(root, source)), `COPY ${source}`).toBe(true);
      expect(dockerignore, `.dockerignore must not hide ${source}`).not.toContain(source);
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const production = new Set(Object.keys(pkg.dependencies ?? {}));
    const entry = join(root, execForm('CMD')![1]!);
    const seen = new Set<string>();
    const queue = [entry];
    const bare = new Set<string>();
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const staticImports = source.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/g);
      const dynamicImports = source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g);
      for (const m of [...staticImports, ...dynamicImports]) {
        const spec = m[1]!;
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
        else if (!spec.startsWith('node:'))
          bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    const outside = [...seen]
      .map((f) => relative(root, f))
      .filter((f) => !copied.some((c) => f.startsWith(`${c}/`) || f === c));
    expect(outside).toEqual([]);
    expect([...bare].filter((b) => !production.has(b))).toEqual([]);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('needs no build toolchain: no compiler installed, no production dependency builds on install', () => {
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.filter((r) => /apk add|\b(g\+\+|gcc|make|python3?|build-essential)\b/.test(r))).toEqual([]);
    // The one system package: the font the report's charts are drawn with (src/charts).
    const installed = runs
      .flatMap((r) => [...r.matchAll(/apt-get install ([^&]*)/g)].map((m) => m[1] ?? ''))
      .flatMap((args) => args.split(/\s+/).filter((w) => w && !w.startsWith('-') && w !== '\\'));
    expect(installed).toEqual(['fonts-dejavu-core']);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const building = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev && p.hasInstallScript)
      .map(([path]) => path);
    expect(building).toEqual([]);
  });
});

describe('HEALTHCHECK', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  const healthcheck = () => {
    const inst = finalStage.find((i) => i.op === 'HEALTHCHECK')!;
    return JSON.parse(inst.args.slice(inst.args.indexOf('CMD') + 3).trim()) as string[];
  };

  it('asks /healthz with node (slim has no curl)', () => {
    const cmd = healthcheck();
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/healthz');
    expect(cmd.join(' ')).not.toMatch(/curl|wget/);
  });

  async function runAgainst(ok: boolean): Promise<number> {
    const server = await serve(healthHandler({ store: async () => ok }));
    closers.push(server.close);
    const [, ...nodeArgs] = healthcheck();
    const port = new URL(server.url).port;
    try {
      await promisify(execFile)(process.execPath, nodeArgs, { env: { ...process.env, PORT: port }, timeout: 10_000 });
      return 0;
    } catch (err) {
      return (err as { code?: number }).code ?? -1;
    }
  }

  it('exits 0 for a healthy app and 1 for a failing one', async () => {
    expect(await runAgainst(true)).toBe(0);
    expect(await runAgainst(false)).toBe(1);
  });
});
