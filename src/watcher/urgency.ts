/** Which due checkout goes first when the budget is short, and what an "I've paid" click changes. */
import { burstDue, isNudged, isOpenBurst, type WatcherOptions } from './schedule.ts';
import { type Entry, RANK_BACKGROUND, RANK_FRESH, RANK_NUDGED, RANK_OLD, type WatchQueue } from './watch-queue.ts';

export function urgencyRank(entry: Entry, now: number, options: WatcherOptions): number {
  if (entry.outcome || isNudged(entry, now, options)) return RANK_NUDGED;
  if (entry.background) return RANK_BACKGROUND;
  // The payer is on Stripe's page now: ahead of old links, behind "I've paid".
  if (isOpenBurst(entry, now, options)) return RANK_FRESH;
  return now - entry.since < options.freshForMs ? RANK_FRESH : RANK_OLD;
}

/**
 * The click at `at` starts the short burst of checks (schedule.ts). It only ever brings a check
 * forward: a check already due (ready), or due sooner than the burst's first step, keeps its
 * time, so repeated clicks cannot postpone it (each click used to move it to click + 3 s).
 */
export function applyNudge(queue: WatchQueue, entry: Entry, at: number, options: WatcherOptions): void {
  entry.nudgedAt = Math.max(entry.nudgedAt, at);
  if (entry.busy || entry.outcome) return; // the check in progress reschedules with the nudge
  if (queue.isReady(entry)) {
    // Due already: it keeps its place in time and moves to the front of the queue.
    queue.takeReady(entry);
    queue.pushReady(entry, RANK_NUDGED);
    return;
  }
  const burstAt = at + (options.nudgeScheduleMs[0] ?? 0);
  const dueAt = queue.waitingDueAt(entry);
  if (dueAt !== undefined && dueAt <= burstAt) return;
  queue.schedule(entry, burstAt);
}

/**
 * The payer opened the tracked pay link at `at`: the open burst (schedule.ts). Like a nudge it
 * only ever brings a check forward, and it never outranks one: a due entry keeps its place.
 */
export function applyOpen(queue: WatchQueue, entry: Entry, at: number, options: WatcherOptions): void {
  entry.openedAt = Math.max(entry.openedAt, at);
  if (entry.busy || entry.outcome || queue.isReady(entry)) return; // the check's reschedule sees the open
  const burstAt = burstDue(entry.openedAt, options.openScheduleMs, at);
  if (burstAt === undefined) return;
  const dueAt = queue.waitingDueAt(entry);
  if (dueAt !== undefined && dueAt <= burstAt) return;
  queue.schedule(entry, burstAt);
}
