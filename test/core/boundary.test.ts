import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../src/core');
const FORBIDDEN = ['@slack/bolt', 'discord.js', 'ky', 'keyv', 'pino', 'node:http'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

function isForbidden(spec: string): boolean {
  return FORBIDDEN.some((f) => spec === f || spec.startsWith(`${f}/`) || spec.startsWith(`@${f}/`));
}

describe('src/core boundary', () => {
  it('imports no platform, HTTP, storage or logging library', () => {
    const offenders = files(CORE).flatMap((f) =>
      specifiers(readFileSync(f, 'utf8'))
        .filter(isForbidden)
        .map((s) => `${f.slice(CORE.length + 1)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('catches a forbidden import when there is one', () => {
    const sample =
      "import { App } from '@slack/bolt';\nimport ky from 'ky';\nimport type { Keyv } from '@keyv/sqlite';";
    expect(specifiers(sample).filter(isForbidden)).toEqual(['@slack/bolt', 'ky', '@keyv/sqlite']);
  });
});
