/**
 * A process killed while it saves the simulator's state never leaves a torn file: the next start
 * reads a whole state (no "could not be read", every session still there). The writer saves a
 * few-MB state in a tight loop, so each kill lands in or near a write (against a plain overwrite, about one kill in six tears the file).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createSimulator } from '../../src/sandbox/index.ts';

const WRITER = resolve(import.meta.dirname, 'fixtures/state-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'mlbot-torn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runAndKill(file: string, afterMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WRITER, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += String(c);
    });
    child.stdout.on('data', (c: Buffer) => {
      if (String(c).includes('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') done();
      else fail(new Error(`writer exited with ${code}: ${err}`));
    });
  });
}

it('kill -9 during saves: every restart reads a whole state', async () => {
  const file = join(dir, 'mlbot-sandbox.json');
  for (const afterMs of [5, 13, 21, 34, 47, 61, 79, 97, 123, 150]) {
    await runAndKill(file, afterMs);
    const problems: string[] = [];
    const sim = createSimulator({ stateFile: file, onProblem: (m) => problems.push(m) });
    expect(problems).toEqual([]);
    expect(sim.state.sessions()).toHaveLength(6000);
    expect(sim.state.balance()).toBeGreaterThan(0); // some setBalance(i ≥ 1) was saved whole
  }
}, 60_000);
