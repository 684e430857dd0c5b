/** Bolt and @slack/web-api log through their own Logger interface; this forwards to ours (pino). */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/core/shared/ports.ts';

// @slack/web-api's debug lines print request bodies with only `*token*` keys redacted: an
// oauth.v2.access body would show the client secret. Those keys, and the given secrets wherever
// they appear, are cut before a line reaches our logger.
const SECRET_FIELD = /("?client_secret"?\s*[:=]\s*"?)[^"&,\s}]+/gi;

export function toBoltLogger(logger: Logger, secrets: readonly string[] = []): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const scrub = (text: string) => {
    let out = text.replace(SECRET_FIELD, '$1[[REDACTED]]');
    for (const s of secrets) if (s) out = out.replaceAll(s, '[[REDACTED]]');
    return out;
  };
  const line = (args: unknown[]) =>
    scrub(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' '));
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
