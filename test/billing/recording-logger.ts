import type { Logger } from '../../src/core/shared/ports.ts';

/** Our Logger port, recording every line as JSON text (bindings included) for leak checks. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const log =
      (level: string) =>
      (objOrMsg: object | string, msg?: string): void => {
        lines.push(JSON.stringify({ level, ...bindings, obj: objOrMsg, msg }));
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return { logger: make({}), lines };
}
