/**
 * Runs a benchmark file in a fresh Node process (`process.execPath`, so the same Node 24), echoes
 * its output as it comes and returns the parsed `BENCH_RESULT` line. A fresh process keeps memory
 * figures clean and is what "a restarted process" means.
 */
import { spawn } from 'node:child_process';
import { RESULT_PREFIX } from './report.ts';

export interface ChildRun<T> {
  readonly result: T;
  readonly wallMs: number;
  /** The command line, for the document. */
  readonly command: string;
}

export async function runChild<T>(
  file: string,
  args: readonly string[] = [],
  options: { readonly nodeFlags?: readonly string[]; readonly echo?: boolean } = {},
): Promise<ChildRun<T>> {
  const argv = [...(options.nodeFlags ?? []), file, ...args];
  const began = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let result: T | undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
      else if (options.echo !== false) console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (buffered.startsWith(RESULT_PREFIX)) result = JSON.parse(buffered.slice(RESULT_PREFIX.length)) as T;
  if (code !== 0 || result === undefined)
    throw new Error(`${file} ${args.join(' ')} exited with ${code} and no result`);
  return { result, wallMs: performance.now() - began, command: `node ${argv.join(' ')}` };
}
