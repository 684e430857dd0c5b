/**
 * Start-up's bounded wait for resume() (src/bounded-resume.ts), on a simulated clock: a quick
 * resume is waited for whole, a resume that fails in the window fails the start (the operator
 * sees it), and one still waiting on ModelsLab lets the bot serve, then finishes on its own.
 * The real bot, killed and restarted with ModelsLab holding the replay, is in
 * card-charge-crash.test.ts.
 */
import { expect, it } from 'vitest';
import { RESUME_WAIT_MS, resumeWithin } from '../../src/bounded-resume.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { capturingLogger } from '../core/live.ts';

const deps = () => ({ clock: new ManualClock(0), logger: capturingLogger(), waitMs: RESUME_WAIT_MS });

it('a resume that finishes in time is waited for, and nothing runs on', async () => {
  const d = deps();
  let done = false;
  const started = await resumeWithin(async () => {
    await d.clock.advance(1_000);
    done = true;
  }, d);
  expect(done).toBe(true);
  expect(started).toBeUndefined();
});

it('a resume that fails within the window fails the start', async () => {
  const d = deps();
  await expect(resumeWithin(() => Promise.reject(new Error('store unreachable')), d)).rejects.toThrow(
    'store unreachable',
  );
});

it('a resume still waiting when the window closes: the start goes on, the rest finishes and logs its end', async () => {
  const d = deps();
  let release: () => void = () => {};
  const slow = new Promise<void>((r) => {
    release = r;
  });
  const starting = resumeWithin(() => slow, d);
  let started = false;
  void starting.then(() => {
    started = true;
  });
  await d.clock.advance(RESUME_WAIT_MS - 1);
  expect(started).toBe(false);
  await d.clock.advance(1);
  const result = await starting;
  expect(result?.rest).toBeInstanceOf(Promise);
  expect(d.logger.lines.some((l) => l.includes('serving events meanwhile'))).toBe(true);
  release();
  await result?.rest;
  expect(d.logger.lines.some((l) => l.includes('resume finished'))).toBe(true);
});

it('a late failure is logged, not thrown into nobody', async () => {
  const d = deps();
  let fail: (err: Error) => void = () => {};
  const slow = new Promise<void>((_, r) => {
    fail = r;
  });
  const starting = resumeWithin(() => slow, d);
  await d.clock.advance(RESUME_WAIT_MS);
  const result = await starting;
  fail(new Error('ModelsLab gone'));
  await expect(result?.rest).resolves.toBeUndefined();
  expect(d.logger.lines.some((l) => l.includes('resume failed after start-up'))).toBe(true);
});
