/** Bolt and @slack/web-api log through their own Logger interface; this forwards to ours (pino). */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/core/shared/ports.ts';

export function toBoltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const line = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => logger.debug({ lib: 'bolt' }, line(args)),
    info: (...args) => logger.info({ lib: 'bolt' }, line(args)),
    warn: (...args) => logger.warn({ lib: 'bolt' }, line(args)),
    error: (...args) => logger.error({ lib: 'bolt' }, line(args)),
    // Levels are pino's business; Bolt only asks so it can skip building debug strings.
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
