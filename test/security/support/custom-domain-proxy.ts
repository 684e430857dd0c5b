/**
 * A ModelsLab that hands out checkout links on a Stripe custom domain: a loopback proxy in front
 * of the simulator that forwards every call unchanged and rewrites the simulator's checkout URLs
 * (`…/checkout/<session id>`) in answers to `https://pay.example-billing.com/c/pay/<session id>#…`,
 * the shape Stripe gives a custom domain. Nothing ever opens those links: tests pay through the
 * simulator's controls by session id. It exists so the log scrubber is tested against a URL
 * with neither `checkout.stripe.com` nor a `/checkout/` path in it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CUSTOM_CHECKOUT_HOST = 'pay.example-billing.com';

export function customDomainUrl(sessionId: string): string {
  return `https://${CUSTOM_CHECKOUT_HOST}/c/pay/${sessionId}#fidkdWxOYHwnPyd1blpxYHZxWjA0TlR`;
}

export function sessionIdOf(url: string): string {
  return url.match(/cs_(?:test|live)_[A-Za-z0-9]+/)?.[0] ?? '';
}

export async function startCustomDomainProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers.set(k, v);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${base.origin}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body && req.method !== 'GET' ? { body } : {}),
      })
        .then(async (upstream) => {
          const text = (await upstream.text()).replace(
            /https?:\/\/[^"\s]*\/checkout\/(cs_[A-Za-z0-9_]+)/g,
            (_m, id: string) => customDomainUrl(id),
          );
          const out: Record<string, string> = {};
          upstream.headers.forEach((v, k) => {
            if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
          });
          res.writeHead(upstream.status, out).end(text);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname.replace(/\/$/, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
