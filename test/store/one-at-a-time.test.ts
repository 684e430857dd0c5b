import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../src/store/one-at-a-time.ts';

describe('oneAtATime', () => {
  it('starts each call only after the previous one settled, in call order', async () => {
    const log: string[] = [];
    let running = 0;
    const run = oneAtATime(async (name: string, ms: number) => {
      running++;
      log.push(`start ${name} (${running} running)`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      log.push(`end ${name}`);
      return name.toUpperCase();
    });
    const results = await Promise.all([run('a', 15), run('b', 1), run('c', 5)]);
    expect(results).toEqual(['A', 'B', 'C']);
    expect(log).toEqual([
      'start a (1 running)',
      'end a',
      'start b (1 running)',
      'end b',
      'start c (1 running)',
      'end c',
    ]);
  });

  it('passes a failure to its caller and keeps running the calls after it', async () => {
    const run = oneAtATime(async (n: number) => {
      if (n === 2) throw new Error('SQLITE_CONSTRAINT');
      return n;
    });
    const [one, two, three] = await Promise.allSettled([run(1), run(2), run(3)]);
    expect(one).toEqual({ status: 'fulfilled', value: 1 });
    expect(two).toMatchObject({ status: 'rejected', reason: { message: 'SQLITE_CONSTRAINT' } });
    expect(three).toEqual({ status: 'fulfilled', value: 3 });
  });
});
