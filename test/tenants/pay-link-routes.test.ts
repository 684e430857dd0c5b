import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PayPage } from '../../src/core/requests/pay-page-state.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { type PayLinkOpener, payLinkHandler, tenantPayLinkHandler } from '../../src/http/pay-page.ts';
import { createRouter } from '../../src/http/router.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const TOKEN = 'tok_0123456789abcdefghij';

/** The workspaces-mode routes as app.ts mounts them, over engines that know one token each. */
async function serve(engines: Record<string, PayLinkOpener>) {
  const opened: string[] = [];
  const handler = createRouter([
    { prefix: '/pay', handler: payLinkHandler(() => undefined, silentLogger), strip: true },
    {
      prefix: '/w',
      handler: tenantPayLinkHandler(async (tenant) => {
        opened.push(tenant);
        return engines[tenant];
      }, silentLogger),
      strip: true,
    },
  ]);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, method = 'GET') => {
    const r = await fetch(`${base}${path}`, { method, redirect: 'manual' });
    return { status: r.status, location: r.headers.get('location'), body: await r.text() };
  };
  return { get, opened };
}

const engine = (token: string, url: string): PayLinkOpener => ({
  openPayLink: async (t): Promise<PayPage | undefined> =>
    t === token ? { kind: 'redirect', redirectTo: url, title: 'Checkout', lines: [] } : undefined,
});

describe('tracked pay links in workspaces mode', () => {
  it('/w/<tenant>/pay/<token> reaches that tenant’s engine, and only it', async () => {
    const { get, opened } = await serve({
      'slack:TA': engine(TOKEN, 'https://checkout.example/a'),
      'slack:TB': engine('tok_other_token_000000000', 'https://checkout.example/b'),
    });
    // What core builds from the tenant's base `<PUBLIC_URL>/w/<tenant>`: `…/pay/<token>`.
    const a = await get(`/w/${encodeURIComponent('slack:TA')}/pay/${TOKEN}`);
    expect(a).toMatchObject({ status: 303, location: 'https://checkout.example/a' });
    expect(opened).toEqual(['slack:TA']);
  });

  it('a token of tenant A under tenant B, an unknown tenant and a bad path all get the same plain 404', async () => {
    const { get } = await serve({
      'slack:TA': engine(TOKEN, 'https://checkout.example/a'),
      'slack:TB': engine('tok_other_token_000000000', 'https://checkout.example/b'),
    });
    const answers = await Promise.all([
      get(`/w/${encodeURIComponent('slack:TB')}/pay/${TOKEN}`),
      get(`/w/${encodeURIComponent('slack:TZ')}/pay/${TOKEN}`),
      get(`/w/%E0%A4%A/pay/${TOKEN}`),
      get(`/w/${encodeURIComponent('slack:TA')}`),
      get(`/w/${encodeURIComponent('slack:TA')}/${TOKEN}`),
      get(`/w/${encodeURIComponent('slack:TA')}/x/y/${TOKEN}`),
      // Single-team links mean nothing in workspaces mode.
      get(`/pay/${TOKEN}`),
    ]);
    for (const r of answers) expect(r).toEqual({ status: 404, location: null, body: 'not found' });
  });

  it('GET only: a link checker’s HEAD neither opens nor counts', async () => {
    const { get, opened } = await serve({ 'slack:TA': engine(TOKEN, 'https://checkout.example/a') });
    expect((await get(`/w/${encodeURIComponent('slack:TA')}/pay/${TOKEN}`, 'HEAD')).status).toBe(405);
    expect(opened).toEqual([]);
  });
});
