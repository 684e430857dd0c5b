/** What every part of the watcher shares: one queue of pending checkouts, the clock, the options. */
import type { Clock, Logger, Metrics } from '../core/shared/ports.ts';
import type { WatcherOptions } from './schedule.ts';
import type { WatchQueue } from './watch-queue.ts';

export interface WatcherContext {
  readonly queue: WatchQueue;
  readonly options: WatcherOptions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** False once `stop()` began: answers that arrive later change nothing. */
  isRunning(): boolean;
}
