/**
 * The real bot as a child process: `src/entry/main.ts` run by this Node (the `npm start` entry), with
 * the environment a test chooses. Waits for the "mlbot started" line to learn the URL; keeps
 * every output line (for the secret scan); `kill9()` is a crash, `stop()` a clean SIGTERM.
 * Every process started here is remembered so `killAllBots()` in afterEach/afterAll ends them
 * even when a test failed half-way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '../../../src/entry/main.ts');
const live = new Set<BotProcess>();
// An empty cwd: main.ts reads `.env` from its working directory, and the test's env must be all it sees.
const EMPTY_CWD = mkdtempSync(join(tmpdir(), 'mlbot-cwd-'));

export class BotProcess {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly name: string;
  url = '';
  #exited: Promise<number | null>;

  private constructor(child: ChildProcess, name: string) {
    this.child = child;
    this.name = name;
    this.#exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  static async start(env: Record<string, string>, name = 'bot', timeoutMs = 15_000): Promise<BotProcess> {
    const child = spawn(process.execPath, [MAIN], {
      cwd: EMPTY_CWD,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', LOG_PRETTY: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child, name);
    live.add(bot);
    void bot.#exited.then(() => live.delete(bot));
    const started = new Promise<string>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${name} did not start within ${timeoutMs} ms:\n${bot.log()}`)),
        timeoutMs,
      );
      const onLine = (line: string) => {
        bot.output.push(line);
        const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
        if (url && !bot.url) {
          bot.url = url;
          clearTimeout(timer);
          ok(url);
        }
      };
      lines(child.stdout, onLine);
      lines(child.stderr, onLine);
      void bot.#exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`${name} exited with ${code} before it started:\n${bot.log()}`));
      });
    });
    await started;
    return bot;
  }

  log(): string {
    return this.output.join('\n');
  }

  /** Parsed JSON log lines. */
  records(): Array<Record<string, unknown>> {
    return this.output.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A crash: no shutdown hooks, no flushing, no lease release. */
  async kill9(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.#exited;
  }

  /** A clean stop (SIGTERM); SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<number | null> {
    if (!this.alive) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    rest += chunk;
    let i = rest.indexOf('\n');
    while (i >= 0) {
      onLine(rest.slice(0, i));
      rest = rest.slice(i + 1);
      i = rest.indexOf('\n');
    }
  });
}

/** Kill every bot process still running (afterEach / afterAll). */
export async function killAllBots(): Promise<void> {
  await Promise.all([...live].map((b) => b.kill9()));
}
