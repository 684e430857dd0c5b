/**
 * Open-loop load: request i is due at start + i / rate whatever happened to earlier ones, and its
 * latency counts from when it was due, so a stalled server shows up in the figures instead of
 * slowing the load down (no coordinated omission).
 */
export interface OpenLoopResult {
  readonly latenciesMs: number[];
  readonly failures: number;
  /** Achieved send rate, requests per second. */
  readonly sentPerSec: number;
}

export async function openLoop(
  count: number,
  perSecond: number,
  send: (i: number) => Promise<{ status: number }>,
): Promise<OpenLoopResult> {
  const period = 1000 / perSecond;
  const latenciesMs: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  const start = performance.now();
  let i = 0;
  while (i < count) {
    const now = performance.now();
    for (; i < count && start + i * period <= now; i++) {
      const due = start + i * period;
      inFlight.push(
        send(i).then(
          ({ status }) => {
            if (status === 200) latenciesMs.push(performance.now() - due);
            else failures++;
          },
          () => {
            failures++;
          },
        ),
      );
    }
    const wait = start + i * period - performance.now();
    if (i < count) await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  const sentPerSec = count / ((performance.now() - start) / 1000);
  await Promise.all(inFlight);
  return { latenciesMs, failures, sentPerSec };
}
