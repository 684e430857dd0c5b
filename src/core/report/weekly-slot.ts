/** When the weekly report is due: Mondays 09:00 UTC. */
import { DAY_MS } from './figures.ts';

export const WEEK_MS = 7 * DAY_MS;
const HOUR_MS = 60 * 60 * 1000;
/** 1970-01-05 was a Monday: slots are this plus whole weeks. */
const FIRST_SLOT_MS = 4 * DAY_MS + 9 * HOUR_MS;

/** The latest Monday 09:00 UTC at or before `nowMs`. */
export function lastSlot(nowMs: number): number {
  return FIRST_SLOT_MS + Math.floor((nowMs - FIRST_SLOT_MS) / WEEK_MS) * WEEK_MS;
}

export function nextSlot(nowMs: number): number {
  return lastSlot(nowMs) + WEEK_MS;
}
