/**
 * docs/operations.md quotes metric names and log lines an operator will put into alert rules: a
 * renamed metric or reworded message would silently turn an alert off. Each one quoted must be
 * one the code really exports or writes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';

const root = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/operations.md'), 'utf8');

function section(title: string): string {
  const start = doc.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`docs/operations.md has no "${title}"`);
  const rest = doc.slice(start + title.length + 2);
  const end = rest.search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('docs/operations.md', () => {
  it('names only metrics the app exports', async () => {
    const exported = new Set((await createMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const quoted = [
      ...new Set([...doc.matchAll(/\bmlbot_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))),
    ];
    expect(quoted.length).toBeGreaterThanOrEqual(4);
    expect(quoted.filter((name) => !exported.has(name))).toEqual([]);
    for (const own of ['mlbot_ack_latency_seconds', 'mlbot_watcher_queue_depth', 'mlbot_billing_calls_total'])
      expect(quoted).toContain(own);
  });

  it('quotes log lines to alert on exactly as the code writes them', () => {
    const code = [...sources(join(root, 'src')), ...sources(join(root, 'adapters'))].join('\n');
    const bullets = section('### Log lines to alert on')
      .split('\n- ')
      .slice(1)
      // The quoted messages come before the first "`: " (messages may hold colons themselves).
      .map((b) => b.slice(0, b.search(/`:\s/) + 1));
    const quoted = bullets.flatMap((b) => [...b.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    const missing = quoted.filter((line) => !code.includes(`'${line}'`) && !code.includes(`\`${line}\``));
    expect(missing, 'log lines quoted in docs/operations.md that no source file writes').toEqual([]);
  });

  it('leaves the tenant figures to the benchmarks instead of inventing them', () => {
    expect(section('## Limits')).toContain('see docs/benchmarks.md');
  });
});
