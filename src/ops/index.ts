export {
  type CachedHealthReport,
  createHealthMonitor,
  DEFAULT_HEALTH_INTERVAL_MS,
  type HealthCheck,
  type HealthMonitor,
  type HealthOptions,
  type HealthReport,
  healthHandler,
  runHealthChecks,
} from './health.ts';
export {
  createLogger,
  type LoggerOptions,
  type LogLevel,
  REDACTED,
  redactPaths,
  SECRET_KEYS,
  scrubText,
} from './logger.ts';
export { type AppMetrics, createMetrics, type MetricsOptions } from './metrics.ts';
export {
  installShutdown,
  type ShutdownControl,
  type ShutdownOptions,
  type ShutdownStep,
  type SignalSource,
} from './shutdown.ts';
