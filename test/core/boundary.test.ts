/**
 * The walls of the house, read from the import lines of every file (packages and relative paths).
 *
 *   1. src/core imports nothing outside itself: no npm package at all (platform SDKs, ky, keyv,
 *      pino…), none of Node's I/O built-ins (node:http, node:fs, …), and no relative path that
 *      leaves src/core.
 *   2. An adapter (adapters/<name>) imports no other adapter, neither by path nor by its
 *      platform's package, and not src/config.ts (config is parsed once, by the entry point).
 *   3. The rooms of core (docs/architecture.md):
 *      - shared/ imports only shared/, and the request type (requests/) for types only;
 *      - requests/ imports only requests/ and shared/;
 *      - an operation room (every other folder but registry/) imports its own folder, shared/,
 *        requests/, and another room only through that room's front door, its index.ts;
 *        the front doors form no loop between rooms;
 *      - registry/ (the command and action tables) may import any room; only the files at the top
 *        of src/core (engine.ts, index.ts) import registry/.
 *
 * The checker is a pure function over { path: source }, so the last tests plant violations in
 * memory and show that each rule reports them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Shared by all and below every room; registry/ sits above the rooms. */
const SHARED = 'shared';
const REQUESTS = 'requests';
const REGISTRY = 'registry';

/** Node built-ins that do I/O: infrastructure's business, never core's. */
const NODE_IO = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'fs', 'child_process', 'sqlite', 'worker_threads'];

/** Each adapter's platform packages: another adapter importing them is a second door to that platform. */
const PLATFORM_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  slack: ['@slack/'],
  discord: ['discord.js', '@discordjs/'],
};

interface ImportLine {
  readonly spec: string;
  readonly typeOnly: boolean;
}

/** Module specifiers of static imports, re-exports and dynamic imports; comments are skipped. */
function importsOf(source: string): ImportLine[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: ImportLine[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
    found.push({ spec: m[2]!, typeOnly: m[1] !== undefined });
  }
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

const isRelative = (spec: string) => spec.startsWith('./') || spec.startsWith('../');

/** Where `spec` in `file` points, repo-relative with forward slashes. */
function resolve(file: string, spec: string): string {
  return posix.normalize(posix.join(posix.dirname(file), spec));
}

/** src/core/<room>/x.ts → <room>; a file at the top of src/core → undefined. */
function roomOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'src' && parts[1] === 'core' && parts.length > 3 ? parts[2] : undefined;
}

function coreRule(file: string, line: ImportLine): string | undefined {
  const { spec } = line;
  if (spec.startsWith('node:')) {
    const name = spec.slice('node:'.length).split('/')[0]!;
    return NODE_IO.includes(name) ? `imports ${spec} (I/O belongs to infrastructure)` : undefined;
  }
  if (!isRelative(spec)) return `imports the package ${spec} (core depends on no package)`;
  const target = resolve(file, spec);
  if (!target.startsWith('src/core/')) return `imports ${target}, outside src/core`;
  return roomRule(file, target, line.typeOnly);
}

function roomRule(file: string, target: string, typeOnly: boolean): string | undefined {
  const from = roomOf(file);
  const to = roomOf(target);
  if (to === undefined)
    return from === undefined
      ? undefined
      : `imports ${target}: a room never imports the top of core (engine.ts, index.ts)`;
  if (from === to) return undefined;
  if (to === REGISTRY)
    return from === undefined ? undefined : `imports ${target}: only engine.ts and index.ts use the tables`;
  if (from === undefined || from === REGISTRY) return undefined;
  if (from === SHARED) {
    if (to === REQUESTS && typeOnly) return undefined;
    return `imports ${target}: shared/ uses only shared/ (and the request type, as a type)`;
  }
  if (to === SHARED) return undefined;
  if (from === REQUESTS) return `imports ${target}: requests/ uses only requests/ and shared/`;
  if (to === REQUESTS) return undefined;
  if (target === `src/core/${to}/index.ts`) return undefined;
  return `imports ${target}, inside the ${to} room: use src/core/${to}/index.ts or move it to shared/`;
}

function adapterRule(file: string, line: ImportLine): string | undefined {
  const own = file.split('/')[1]!;
  const { spec } = line;
  for (const [platform, packages] of Object.entries(PLATFORM_PACKAGES)) {
    if (platform !== own && packages.some((p) => spec === p || spec.startsWith(p))) {
      return `imports ${spec}, the ${platform} adapter's platform`;
    }
  }
  if (!isRelative(spec)) return undefined;
  const target = resolve(file, spec);
  const parts = target.split('/');
  if (parts[0] === 'adapters' && parts[1] !== own) return `imports ${target}, another adapter`;
  if (target === 'src/config.ts') return 'imports src/config.ts (config reaches an adapter as values)';
  return undefined;
}

/** Folders of rooms that import each other's front doors around a loop, e.g. "a → b → a". */
function roomLoops(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const loops: string[] = [];
  const visit = (room: string, path: readonly string[]) => {
    for (const next of edges.get(room) ?? []) {
      if (next === path[0]) loops.push([...path, next].join(' → '));
      else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
    }
  };
  for (const room of [...edges.keys()].sort()) visit(room, [room]);
  return loops;
}

/** Every broken rule, as "<file> <what it does>", for files given as { repo-relative path: source }. */
function violations(files: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  const roomEdges = new Map<string, Set<string>>();
  for (const [file, source] of files) {
    const inCore = file.startsWith('src/core/');
    const inAdapter = file.startsWith('adapters/');
    if (!inCore && !inAdapter) continue;
    for (const line of importsOf(source)) {
      const broken = inCore ? coreRule(file, line) : adapterRule(file, line);
      if (broken) found.push(`${file} ${broken}`);
      const from = roomOf(file);
      const to = inCore && isRelative(line.spec) ? roomOf(resolve(file, line.spec)) : undefined;
      if (
        from &&
        to &&
        from !== to &&
        ![SHARED, REQUESTS, REGISTRY].includes(from) &&
        ![SHARED, REQUESTS, REGISTRY].includes(to)
      ) {
        if (!roomEdges.has(from)) roomEdges.set(from, new Set());
        roomEdges.get(from)!.add(to);
      }
    }
  }
  for (const loop of roomLoops(roomEdges)) found.push(`rooms import each other around a loop: ${loop}`);
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function readTree(...dirs: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    for (const f of tsFiles(join(ROOT, dir)))
      files.set(relative(ROOT, f).split(sep).join('/'), readFileSync(f, 'utf8'));
  }
  return files;
}

describe('the walls of the house', () => {
  it('core, the adapters and the rooms of core keep every rule', () => {
    const tree = readTree('src/core', 'adapters');
    expect(tree.size).toBeGreaterThan(100);
    expect(violations(tree)).toEqual([]);
  });

  it('knows every room of core (a new folder is a room and follows the room rule)', () => {
    const rooms = new Set([...readTree('src/core').keys()].map(roomOf).filter((r) => r !== undefined));
    expect([...rooms].sort()).toEqual(
      [
        'admin',
        'alerts',
        'billing-details',
        'cards',
        'coupons',
        'fund',
        'home',
        'registry',
        'report',
        'requests',
        'shared',
        'subscriptions',
        'wallet',
        'workspace',
      ].sort(),
    );
  });
});

describe('the checker reports planted violations', () => {
  const planted = (files: Record<string, string>) => violations(new Map(Object.entries(files)));

  it('core: packages, I/O built-ins and paths outside src/core', () => {
    expect(
      planted({
        'src/core/shared/a.ts': [
          "import { App } from '@slack/bolt';",
          "import ky from 'ky';",
          "import type { Keyv } from '@keyv/sqlite';",
          "import { createServer } from 'node:http';",
          "import { randomUUID } from 'node:crypto';",
          "import { loadConfig } from '../../config.ts';",
          "import { slack } from '../../../adapters/slack/index.ts';",
          "const lazy = await import('pino');",
          "// import { fine } from 'discord.js' (a comment is not an import)",
        ].join('\n'),
      }),
    ).toEqual([
      'src/core/shared/a.ts imports the package @slack/bolt (core depends on no package)',
      'src/core/shared/a.ts imports the package ky (core depends on no package)',
      'src/core/shared/a.ts imports the package @keyv/sqlite (core depends on no package)',
      'src/core/shared/a.ts imports node:http (I/O belongs to infrastructure)',
      'src/core/shared/a.ts imports src/config.ts, outside src/core',
      'src/core/shared/a.ts imports adapters/slack/index.ts, outside src/core',
      'src/core/shared/a.ts imports the package pino (core depends on no package)',
    ]);
  });

  it('adapters: another adapter by path or by package, and src/config.ts', () => {
    expect(
      planted({
        'adapters/slack/x.ts': [
          "import { Client } from 'discord.js';",
          "import { render } from '../discord/render.ts';",
          "import { loadConfig } from '../../src/config.ts';",
          "import { App } from '@slack/bolt';",
          "import { COMMANDS } from '../../src/core/index.ts';",
        ].join('\n'),
        'adapters/web/y.ts': "import {\n  blocks,\n} from '../slack/render.ts';",
      }),
    ).toEqual([
      "adapters/slack/x.ts imports discord.js, the discord adapter's platform",
      'adapters/slack/x.ts imports adapters/discord/render.ts, another adapter',
      'adapters/slack/x.ts imports src/config.ts (config reaches an adapter as values)',
      'adapters/web/y.ts imports adapters/slack/render.ts, another adapter',
    ]);
  });

  it('rooms: internals of another room, shared reaching up, the tables from below, loops', () => {
    expect(
      planted({
        'src/core/fund/a.ts': [
          "import { planPicker } from '../subscriptions/plans.ts';",
          "import { subscriptionLine } from '../subscriptions/index.ts';",
          "import { userRef } from '../requests/queries.ts';",
          "import { refusal } from '../shared/notices.ts';",
          "import { ACTIONS } from '../registry/actions.ts';",
          "import { helper } from './b.ts';",
        ].join('\n'),
        'src/core/subscriptions/index.ts': "export { topup } from '../fund/index.ts';",
        'src/core/shared/b.ts': [
          "import type { PaymentRequest } from '../requests/request.ts';",
          "import { STATUS_LABEL } from '../requests/card.ts';",
          "import { fundCommand } from '../fund/fund.ts';",
        ].join('\n'),
        'src/core/requests/c.ts': "import { couponView } from '../coupons/coupon-view.ts';",
        'src/core/registry/commands.ts': "import { fundCommand } from '../fund/fund.ts';",
        'src/core/engine.ts': "import { ACTIONS } from './registry/actions.ts';",
        'src/core/home/h.ts': "import { startEngine } from '../engine.ts';",
      }),
    ).toEqual([
      'src/core/fund/a.ts imports src/core/subscriptions/plans.ts, inside the subscriptions room: use src/core/subscriptions/index.ts or move it to shared/',
      'src/core/fund/a.ts imports src/core/registry/actions.ts: only engine.ts and index.ts use the tables',
      'src/core/shared/b.ts imports src/core/requests/card.ts: shared/ uses only shared/ (and the request type, as a type)',
      'src/core/shared/b.ts imports src/core/fund/fund.ts: shared/ uses only shared/ (and the request type, as a type)',
      'src/core/requests/c.ts imports src/core/coupons/coupon-view.ts: requests/ uses only requests/ and shared/',
      'src/core/home/h.ts imports src/core/engine.ts: a room never imports the top of core (engine.ts, index.ts)',
      'rooms import each other around a loop: fund → subscriptions → fund',
    ]);
  });

  it('no adapter file may read src/config.ts, the Discord register entry point included (it lives in src/entry/)', () => {
    expect(
      planted({
        'adapters/discord/register-cli.ts': "import { ConfigError } from '../../src/config.ts';",
        'adapters/discord/adapter.ts': "import { loadConfig } from '../../src/config.ts';",
      }),
    ).toEqual([
      'adapters/discord/register-cli.ts imports src/config.ts (config reaches an adapter as values)',
      'adapters/discord/adapter.ts imports src/config.ts (config reaches an adapter as values)',
    ]);
  });
});
