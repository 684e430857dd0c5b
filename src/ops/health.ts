/**
 * `GET /healthz`: every named check must answer true within its timeout. A check that throws,
 * answers false or hangs counts as failed; the response says which one, so an operator (or the
 * Docker HEALTHCHECK) sees "store: false" rather than a bare 503.
 */
import type { HttpHandler } from '../http/router.ts';

export type HealthCheck = () => Promise<boolean>;

export interface HealthOptions {
  /** Per check, ms. Default 2000: under Docker's default HEALTHCHECK timeout of 30 s with room to spare. */
  readonly timeoutMs?: number;
}

export interface HealthReport {
  readonly status: 'ok' | 'failing';
  readonly checks: Record<string, boolean>;
}

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

export function healthHandler(checks: Readonly<Record<string, HealthCheck>>, options: HealthOptions = {}): HttpHandler {
  return async (_req, res) => {
    const report = await runHealthChecks(checks, options);
    res.writeHead(report.status === 'ok' ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(report));
  };
}
