/**
 * A child logger built only when it first writes a line at an enabled level.
 *
 * The engine binds a child to every event (platform, event id, kind) and most events log nothing:
 * pino builds (and redacts) a child's bindings when it is created, which cost ~0.08 ms of CPU per
 * command on the ack path (bench/ack.ts profile, docs/benchmarks.md). A logger that can tell its
 * level (pino's `isLevelEnabled`) skips disabled levels without building the child at all.
 */
import type { Logger } from './ports.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let built: Logger | undefined;
  const real = () => {
    built ??= parent.child(bindings);
    return built;
  };
  const enabled = (parent as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.bind(parent);
  const method =
    (level: Level): Logger[Level] =>
    (...args: Parameters<Logger[Level]>) => {
      if (enabled && !enabled(level)) return;
      (real()[level] as (...a: unknown[]) => void)(...args);
    };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    // One child with both sets of bindings: what pino's child of a child would print.
    child: (more) => lazyChild(parent, { ...bindings, ...more }),
  };
}
