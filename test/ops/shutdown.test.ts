import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { installShutdown } from '../../src/ops/shutdown.ts';

function setup(steps: Array<{ name: string; run(): Promise<void> }>, timeoutMs = 1000) {
  const source = new EventEmitter();
  const exits: number[] = [];
  let exited!: (code: number) => void;
  const exitedOnce = new Promise<number>((r) => {
    exited = r;
  });
  const control = installShutdown({
    logger: silentLogger,
    steps,
    timeoutMs,
    source,
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
  });
  return { source, exits, exitedOnce, control };
}

describe('installShutdown', () => {
  it('on SIGTERM runs the steps in order, waiting for each, then exits 0', async () => {
    const order: string[] = [];
    const { source, exitedOnce, control } = setup([
      { name: 'stop intake', run: async () => void order.push('stop intake') },
      {
        name: 'drain',
        run: async () => {
          await new Promise((r) => setTimeout(r, 30));
          order.push('drain');
        },
      },
      { name: 'close store', run: async () => void order.push('close store') },
    ]);
    source.emit('SIGTERM', 'SIGTERM');
    expect(await exitedOnce).toBe(0);
    expect(order).toEqual(['stop intake', 'drain', 'close store']);
    control.uninstall();
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('keeps going past a failing step and exits 1 at the end', async () => {
    const order: string[] = [];
    const { source, exitedOnce } = setup([
      {
        name: 'broken',
        run: async () => {
          throw new Error('boom');
        },
      },
      { name: 'close store', run: async () => void order.push('close store') },
    ]);
    source.emit('SIGINT', 'SIGINT');
    expect(await exitedOnce).toBe(1);
    expect(order).toEqual(['close store']);
  });

  it('exits 1 when the steps overrun the timeout', async () => {
    const { source, exitedOnce } = setup([{ name: 'hang', run: () => new Promise<void>(() => {}) }], 50);
    source.emit('SIGTERM', 'SIGTERM');
    expect(await exitedOnce).toBe(1);
  });

  it('a second signal exits at once; the sequence runs only once', async () => {
    let runs = 0;
    let release!: () => void;
    const { source, exits } = setup([
      {
        name: 'slow',
        run: () => {
          runs++;
          return new Promise<void>((r) => {
            release = r;
          });
        },
      },
    ]);
    source.emit('SIGTERM', 'SIGTERM');
    source.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
  });
});
