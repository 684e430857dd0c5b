/** Start a simulator on a random loopback port and call it with raw fetch. */
import type { Clock } from '../../src/core/shared/ports.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/sandbox/index.ts';

export const TOKEN = 'sandbox-token';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  readonly body: any;
}

export interface Harness {
  readonly sim: Simulator;
  readonly url: string;
  readonly apiUrl: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; key?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  close(): Promise<void>;
}

export async function startSim(options: SimulatorOptions & { clock?: Clock } = {}): Promise<Harness> {
  const sim = createSimulator(options);
  const { url, apiUrl } = await sim.start(0);
  return {
    sim,
    url,
    apiUrl,
    async call(method, path, body, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const token = opts.token === undefined ? TOKEN : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (opts.key) headers['idempotency-key'] = opts.key;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed };
    },
    close: () => sim.stop(),
  };
}

/** Follow a page's form (checkout Pay, Cancel, Expire now; controls resets) the way a browser would: resolve the relative action. */
export async function submitCheckoutForm(
  paymentUrl: string,
  button: 'pay' | 'cancel' | 'expire' | 'reset-coupons' | 'reset-all',
): Promise<{ status: number; html: string }> {
  const page = await fetch(paymentUrl);
  const html = await page.text();
  const form = new RegExp(`<form method="post" action="([^"]+)"><button[^>]*data-testid="${button}"`).exec(html);
  if (!form?.[1]) throw new Error(`no ${button} form on ${paymentUrl}`);
  const action = new URL(
    form[1].replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))),
    paymentUrl,
  );
  const res = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  return { status: res.status, html: await res.text() };
}
