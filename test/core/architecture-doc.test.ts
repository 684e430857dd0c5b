/**
 * docs/architecture.md stays true of the tree: every file it names exists (a move or a rename
 * that forgets the map fails here), and every folder of src/core has a row in its table of rooms,
 * so a new room cannot appear without the map saying what it owns.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const CORE = join(ROOT, 'src/core');
const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');

const coreFolders = readdirSync(CORE, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** A named `x.ts` exists under src/core (any room), at the repo root, or beside a path it names. */
function exists(name: string): boolean {
  if (existsSync(join(ROOT, name)) || existsSync(join(CORE, name))) return true;
  const base = name.split('/').at(-1)!;
  const inRoom = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? inRoom(join(dir, e.name)) : e.name === base && join(dir, e.name).endsWith(name),
    );
  return inRoom(join(ROOT, 'src')) || inRoom(join(ROOT, 'adapters'));
}

describe('docs/architecture.md', () => {
  it('names only files that exist', () => {
    const named = [...doc.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((n) => !exists(n))).toEqual([]);
  });

  it('has a row for every folder of src/core', () => {
    const rows = new Set([...doc.matchAll(/^\| `([a-z-]+)\/` \|/gm)].map((m) => m[1]!));
    expect(coreFolders.filter((f) => !rows.has(f))).toEqual([]);
    expect([...rows].filter((r) => !coreFolders.includes(r))).toEqual([]);
  });
});
