/**
 * The parent's handle on one bench/lib/tenants-child.ts process: spawned with IPC, its messages
 * kept in order, waits for a kind of message, and a clean stop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './tenants-child.ts';

const CHILD = fileURLToPath(new URL('./tenants-child.ts', import.meta.url));

export class BotProcess {
  readonly ownerId: string;
  readonly messages: ChildMessage[] = [];
  /** Date.now() when each message arrived, by index. */
  readonly arrivals: number[] = [];
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(args: { redisUrl: string; namespace: string; apiUrl: string; ownerId: string }) {
    this.ownerId = args.ownerId;
    this.#child = fork(CHILD, [args.redisUrl, args.namespace, args.apiUrl, args.ownerId], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (m: ChildMessage) => {
      this.messages.push(m);
      this.arrivals.push(Date.now());
      for (const w of [...this.#waiters]) w();
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const w of [...this.#waiters]) w();
    });
  }

  /** When the first message of `type` arrived (Date.now()), NaN if none has. */
  arrivedAt(type: ChildMessage['type']): number {
    const i = this.messages.findIndex((m) => m.type === type);
    return i < 0 ? Number.NaN : (this.arrivals[i] as number);
  }

  send(m: ParentMessage): void {
    this.#child.send(m);
  }

  /** The first message of `type` (already received or the next one). */
  async next<T extends ChildMessage['type']>(
    type: T,
    timeoutMs = 300_000,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const found = () => this.messages.find((m) => m.type === type) as Extract<ChildMessage, { type: T }> | undefined;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = found();
      if (m) return m;
      if (this.#child.exitCode !== null) throw new Error(`${this.ownerId} exited before sending ${type}`);
      if (Date.now() > deadline) throw new Error(`${this.ownerId}: no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 1_000);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.#waiters;
        waiters.add(done);
      });
    }
  }

  async measure(): Promise<Extract<ChildMessage, { type: 'memory' }>> {
    const seen = this.messages.filter((m) => m.type === 'memory').length;
    this.send({ type: 'measure' });
    for (;;) {
      const all = this.messages.filter((m) => m.type === 'memory');
      if (all.length > seen) return all.at(-1) as Extract<ChildMessage, { type: 'memory' }>;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null) this.send({ type: 'stop' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 60_000);
    await this.exited;
    clearTimeout(timer);
  }
}
