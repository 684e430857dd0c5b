export { type CheckoutWatcherDeps, CheckoutWatcherImpl } from './checkout-watcher.ts';
export { DEFAULT_WATCHER_OPTIONS, type WatcherOptions } from './schedule.ts';
