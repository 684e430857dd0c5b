/**
 * The product as a newcomer starts it (`npm start` with no environment: sandbox mode), but on a
 * random loopback port and the memory store: the app's own wiring (src/app.ts), so the browser
 * test covers the simulator at /sandbox, the billing client, the store, the watcher, the engine
 * and the playground at / exactly as they are put together for real.
 */
import { Writable } from 'node:stream';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/ops/index.ts';

export interface Stack {
  readonly app: App;
  readonly url: string;
  /** Log lines at warn and above, parsed (a clean run has no errors). */
  readonly problems: Array<{ level: string; msg: string }>;
  /** Every log line written, raw (at `logLevel`, default warn). */
  readonly logText: () => string;
  stop(): Promise<void>;
}

export async function startStack(
  env: Record<string, string> = {},
  options: { logLevel?: 'debug' | 'info' | 'warn' } = {},
): Promise<Stack> {
  const problems: Array<{ level: string; msg: string }> = [];
  let raw = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      raw += String(chunk);
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        const entry = JSON.parse(line) as { level: string | number; msg: string };
        if (typeof entry.level === 'number' ? entry.level >= 40 : !['debug', 'info', 'trace'].includes(entry.level))
          problems.push(entry as { level: string; msg: string });
      }
      done();
    },
  });
  const logger = createLogger({ level: options.logLevel ?? 'warn', pretty: false, destination });
  const config = loadConfig({ PORT: '0', STORE_URL: 'memory://', ...env }, { isTTY: false });
  const app = await startApp(config, { logger });
  return { app, url: app.url, problems, logText: () => raw, stop: () => app.stop() };
}
