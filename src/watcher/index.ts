export { type CheckoutWatcherDeps, CheckoutWatcherImpl } from './checkout-watcher.ts';
export { honourRateLimitHeaders, type ObservedCall } from './rate-limit-headers.ts';
export { DEFAULT_WATCHER_OPTIONS, type WatcherOptions } from './schedule.ts';
