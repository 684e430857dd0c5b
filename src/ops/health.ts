/**
 * `GET /healthz`: every named check must answer true within its timeout. A check that throws,
 * answers false or hangs counts as failed; the response says which one, so an operator (or the
 * Docker HEALTHCHECK) sees "store: false" rather than a bare 503.
 *
 * The endpoint is unauthenticated, and one of its checks (billing) calls ModelsLab, whose
 * account-wide limit the bot itself needs. So a hit never runs the checks itself: it answers the
 * last report, and the checks run again only when that report is older than `intervalMs`. Hits
 * that arrive while a run is in flight share it (one run, however many hits), so 130 hits in
 * 200 ms cost one ModelsLab call, and a flood cannot use up the account's limit.
 */
import type { HttpHandler } from '../http/router.ts';

export type HealthCheck = () => Promise<boolean>;

export interface HealthOptions {
  /** Per check, ms. Default 2000: under Docker's default HEALTHCHECK timeout of 30 s with room to spare. */
  readonly timeoutMs?: number;
  /**
   * A report is reused for this long (ms) before the checks run again. Default 15 s: the deep
   * check costs at most 4 ModelsLab calls a minute, and a failure shows within one Docker
   * HEALTHCHECK interval (30 s by default).
   */
  readonly intervalMs?: number;
  /** Epoch ms; tests pass a manual clock. */
  readonly now?: () => number;
}

export interface HealthReport {
  readonly status: 'ok' | 'failing';
  readonly checks: Record<string, boolean>;
}

/** A report with the time its checks ran, as `/healthz` answers it. */
export interface CachedHealthReport extends HealthReport {
  /** ISO time the checks behind this report ran. */
  readonly checkedAt: string;
}

export const DEFAULT_HEALTH_INTERVAL_MS = 15_000;

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return (await Promise.race([Promise.resolve().then(check), timeout])) === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function runHealthChecks(
  checks: Readonly<Record<string, HealthCheck>>,
  options: HealthOptions = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
  const report: Record<string, boolean> = {};
  names.forEach((name, i) => {
    report[name] = results[i] ?? false;
  });
  return { status: results.every(Boolean) ? 'ok' : 'failing', checks: report };
}

export interface HealthMonitor {
  /** The last report if it is younger than the interval, else a fresh one (shared by concurrent callers). */
  report(): Promise<CachedHealthReport>;
}

export function createHealthMonitor(
  checks: Readonly<Record<string, HealthCheck>>,
  options: HealthOptions = {},
): HealthMonitor {
  const now = options.now ?? Date.now;
  const intervalMs = Math.max(0, options.intervalMs ?? DEFAULT_HEALTH_INTERVAL_MS);
  let last: { report: CachedHealthReport; at: number } | undefined;
  let running: Promise<CachedHealthReport> | undefined;

  const refresh = (): Promise<CachedHealthReport> => {
    running ??= (async () => {
      const startedAt = now();
      try {
        const report = await runHealthChecks(checks, options);
        const cached = { ...report, checkedAt: new Date(startedAt).toISOString() };
        last = { report: cached, at: startedAt };
        return cached;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    report() {
      if (last && now() - last.at < intervalMs) return Promise.resolve(last.report);
      return refresh();
    },
  };
}

export function healthHandler(checks: Readonly<Record<string, HealthCheck>>, options: HealthOptions = {}): HttpHandler {
  const monitor = createHealthMonitor(checks, options);
  return async (_req, res) => {
    const report = await monitor.report();
    res.writeHead(report.status === 'ok' ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(report));
  };
}
