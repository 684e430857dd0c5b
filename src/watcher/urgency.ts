/** Which due checkout goes first when the budget is short, and what an "I've paid" click changes. */
import { isNudged, type WatcherOptions } from './schedule.ts';
import { type Entry, RANK_FRESH, RANK_NUDGED, RANK_OLD, type WatchQueue } from './watch-queue.ts';

export function urgencyRank(entry: Entry, now: number, options: WatcherOptions): number {
  if (entry.outcome || isNudged(entry, now, options)) return RANK_NUDGED;
  return now - entry.since < options.freshForMs ? RANK_FRESH : RANK_OLD;
}

/** The click at `at` starts the short burst of checks (schedule.ts). */
export function applyNudge(queue: WatchQueue, entry: Entry, at: number, options: WatcherOptions): void {
  entry.nudgedAt = at;
  if (entry.busy || entry.outcome) return; // the check in progress reschedules with the nudge
  queue.schedule(entry, at + (options.nudgeScheduleMs[0] ?? 0));
}
