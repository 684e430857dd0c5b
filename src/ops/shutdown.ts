/**
 * Graceful stop on SIGTERM (Docker, Kubernetes, systemd) and SIGINT (Ctrl-C). Steps run in the
 * order given — main.ts passes one, the app's stop (src/app.ts), which goes: stop taking new
 * events, await the engine's inbound port (`engine.idle()`: every acked Slack, Discord and
 * playground event reaches a persisted state and sends its card edits and DMs; the store is the
 * truth, so a cut here only delays, never loses, a request), stop the watcher, close
 * connections and the store. A step that fails is logged and the next
 * one still runs (exit 1 at the end); if the whole sequence overruns `timeoutMs` the process exits 1 so the
 * orchestrator's SIGKILL is never the one that decides. A second signal exits at once.
 */
import type { Logger } from '../core/shared/ports.ts';

export interface ShutdownStep {
  readonly name: string;
  run(): Promise<void>;
}

/** The part of `process` this module listens on; tests pass an EventEmitter. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  readonly steps: readonly ShutdownStep[];
  /** Whole sequence, ms. Default 10 000 (Docker waits 10 s between SIGTERM and SIGKILL). */
  readonly timeoutMs?: number;
  readonly signals?: readonly NodeJS.Signals[];
  readonly source?: SignalSource;
  readonly exit?: (code: number) => void;
}

export interface ShutdownControl {
  /** Run the sequence as if a signal arrived (idempotent: a second call returns the same promise). */
  shutdown(reason: string): Promise<number>;
  /** Remove the signal listeners (tests; or when the host handles signals itself). */
  uninstall(): void;
}

export function installShutdown(options: ShutdownOptions): ShutdownControl {
  const { logger, steps } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const source: SignalSource = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<number> | undefined;

  async function runSteps(): Promise<boolean> {
    let clean = true;
    for (const step of steps) {
      const started = Date.now();
      try {
        await step.run();
        logger.info({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
      } catch (err) {
        clean = false;
        logger.error({ step: step.name, err }, 'shutdown step failed');
      }
    }
    return clean;
  }

  function shutdown(reason: string): Promise<number> {
    if (running) return running;
    logger.info({ reason, timeoutMs }, 'shutting down');
    running = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const overrun = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref();
      });
      const outcome = await Promise.race([runSteps(), overrun]);
      clearTimeout(timer);
      const code = outcome === true ? 0 : 1;
      if (outcome === 'timeout') logger.error({ timeoutMs }, 'shutdown timed out; exiting anyway');
      else logger.info({ clean: outcome }, 'shutdown complete');
      exit(code);
      return code;
    })();
    return running;
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  for (const s of signals) source.on(s, onSignal);

  return {
    shutdown,
    uninstall() {
      for (const s of signals) source.off(s, onSignal);
    },
  };
}
