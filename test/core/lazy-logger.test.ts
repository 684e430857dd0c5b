/**
 * The engine's per-event logger: lines at enabled levels carry the event's bindings as before;
 * an event that logs nothing (or only below the level) never builds a pino child.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lazyChild } from '../../src/core/shared/lazy-logger.ts';
import { createLogger } from '../../src/ops/logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe('lazyChild', () => {
  it('writes enabled lines with the bindings, and nested bindings too', () => {
    const out = capture();
    const log = lazyChild(createLogger({ level: 'info', pretty: false, destination: out.stream }), { eventId: 'Ev1' });
    log.info({ amount: 5 }, 'request created');
    log.child({ requestId: 'r1' }).error('failed');
    expect(out.lines).toMatchObject([
      { eventId: 'Ev1', amount: 5, msg: 'request created', level: 'info' },
      { eventId: 'Ev1', requestId: 'r1', msg: 'failed', level: 'error' },
    ]);
  });

  it('builds no child for an event that logs nothing, or only below the level', () => {
    const out = capture();
    const root = createLogger({ level: 'info', pretty: false, destination: out.stream });
    let children = 0;
    const child = root.child.bind(root);
    root.child = ((bindings: Record<string, unknown>) => {
      children++;
      return child(bindings);
    }) as typeof root.child;
    lazyChild(root, { eventId: 'Ev2' });
    lazyChild(root, { eventId: 'Ev3' }).debug('duplicate delivery ignored');
    expect(children).toBe(0);
    expect(out.lines).toEqual([]);
    lazyChild(root, { eventId: 'Ev4' }).warn('busy');
    expect(children).toBe(1);
  });
});
