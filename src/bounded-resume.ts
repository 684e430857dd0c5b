/**
 * Start-up waits for `engine.resume()` a bounded time, then serves. Resume replays what a dead
 * process left unanswered (a card charge, a payment link) and each of those may wait on
 * ModelsLab: a ModelsLab that hangs at the restart (a 10 s client timeout, then its retries, per
 * request) used to keep every Slack, Discord and playground event waiting behind it. Past the
 * window the rest of the resume runs on; each request is still handled under its own lock, so a
 * click that arrives meanwhile waits for that request only, and a Cancel still finds the charge
 * unsettled and is refused (core/fund/cancel.ts).
 *
 * A resume that fails within the window fails the start, as before. On a simulated clock the
 * window never closes unless time is advanced: tests see a start that waits for the resume.
 */
import type { Clock, Logger } from './core/shared/ports.ts';

/** How long start-up waits for resume() before it lets events in. */
export const RESUME_WAIT_MS = 5_000;

/**
 * Runs `resume`; resolves once it settled or `waitMs` passed: `rest` is the part still running
 * (it logs its own failure), undefined when it finished in time. (An object: an async function
 * would flatten a promise returned bare.)
 */
export async function resumeWithin(
  resume: () => Promise<unknown>,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly waitMs: number },
): Promise<{ readonly rest: Promise<void> } | undefined> {
  const running = resume();
  let timer: ReturnType<Clock['setTimer']> | undefined;
  const windowClosed = new Promise<'late'>((resolve) => {
    timer = deps.clock.setTimer(() => resolve('late'), deps.waitMs);
  });
  const first = await Promise.race([running.then(() => 'done' as const), windowClosed]).finally(() => timer?.cancel());
  if (first === 'done') return undefined;
  // The rest of the resume runs on; `resume finished` (or `resume failed …`) follows.
  deps.logger.warn({ waitedMs: deps.waitMs }, 'resume is still waiting on ModelsLab; serving events meanwhile');
  const rest = running.then(
    () => deps.logger.info('resume finished'),
    (err: unknown) => deps.logger.error({ err }, 'resume failed after start-up; the sweep retries what it left'),
  );
  return { rest };
}
