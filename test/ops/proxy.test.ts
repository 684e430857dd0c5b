/**
 * deploy/nginx.conf run by a real nginx in front of two stand-in replicas (small HTTP servers
 * that record what reaches them), where the machine has nginx; skipped with a line saying so
 * where it has not (`.ci/run` does not install it: compose.test.ts checks the file everywhere).
 *
 * The stand-ins replace the bot on purpose: what is tested is what the proxy does with a request
 * (where it goes, how often, whether it streams, what it logs), which no bot behaviour affects.
 * The config is used as written, except what the test machine forces: the replicas' addresses,
 * the listen port and file paths, and `resolve` (open-source nginx has it from 1.27.3; the image
 * in compose.yaml is 1.28, Debian's nginx may be older).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX)
  console.warn('proxy test: no nginx on this machine, so deploy/nginx.conf is not run (apt-get install nginx-light)');

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** A stand-in replica: records every request, answers with `behave`. */
async function replica(
  behave: (url: string, res: ServerResponse) => void,
): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => behave(req.url ?? '', res));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

interface Proxy {
  readonly url: string;
  readonly accessLog: () => string;
  stop(): Promise<void>;
}

async function startProxy(portA: number, portB: number): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-proxy-'));
  const listen = await closedPort();
  const conf = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8')
    .replaceAll('mlbot-a:3000', `127.0.0.1:${portA}`)
    .replaceAll('mlbot-b:3000', `127.0.0.1:${portB}`)
    .replace(/ resolve(?=[ ;])/g, '')
    .replace(/^\s*resolver .*$/m, '')
    .replace('listen 8080;', `listen 127.0.0.1:${listen};`)
    .replace('pid /tmp/nginx.pid;', `pid ${dir}/nginx.pid;`)
    .replace('access_log /dev/stdout mlbot;', `access_log ${dir}/access.log mlbot;`)
    .replace('error_log /dev/stderr crit;', `error_log ${dir}/error.log crit;`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  execFileSync(NGINX!, [...args, '-t'], { stdio: 'pipe' });
  const child: ChildProcess = spawn(NGINX!, [...args, '-g', 'daemon off; master_process off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/proxy-health`)).ok) break;
    } catch {}
    if (i > 100) throw new Error('nginx did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    accessLog: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const post = (url: string) =>
  fetch(url, {
    method: 'POST',
    body: 'payload=%7B%7D',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe.skipIf(!NGINX)('deploy/nginx.conf in a real nginx, two replicas up', () => {
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;
  let proxy: Proxy;
  const stand = (name: string) => (url: string, res: ServerResponse) => {
    if (url === '/healthz') res.writeHead(name === 'a' ? 503 : 200).end(name);
    else if (url === '/slack/install')
      res
        .writeHead(200, { 'set-cookie': 'slack-app-oauth-state=signed; Secure; HttpOnly; Path=/; Max-Age=600' })
        .end('install');
    else if (url.startsWith('/play/events')) {
      // No X-Accel-Buffering here (the app sends it): the proxy alone must pass each event on
      // as it comes, not when the stream ends.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: snapshot\ndata: {}\n\n');
      setTimeout(() => res.end('event: message\ndata: {}\n\n'), 1500);
    } else res.writeHead(200).end(name);
  };

  beforeAll(async () => {
    a = await replica(stand('a'));
    b = await replica(stand('b'));
    proxy = await startProxy(a.port, b.port);
  });
  afterAll(async () => {
    await proxy?.stop();
    a?.server.close();
    b?.server.close();
  });

  const hits = (path: string) => [...a.seen, ...b.seen].filter((s) => s.url.split('?')[0] === path).length;

  it('routes an idempotent read around a replica answering 503', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/healthz`);
      expect({ status: res.status, body: await res.text() }).toEqual({ status: 200, body: 'b' });
    }
  });

  it('streams Server-Sent Events as they come, from replica A only', async () => {
    const started = Date.now();
    const firstChunkAt = await new Promise<number>((done, fail) => {
      const req = request(`${proxy.url}/play/events?as=riley`, (res) => {
        res.once('data', () => done(Date.now() - started));
        res.resume();
      });
      req.on('error', fail);
      req.end();
    });
    expect(firstChunkAt).toBeLessThan(1000);
    expect(b.seen.filter((s) => s.url.startsWith('/play/'))).toEqual([]);
  });

  it('passes the Host and X-Forwarded-* headers, and the cookies both ways', async () => {
    const res = await fetch(`${proxy.url}/slack/install`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('set-cookie')).toBe('slack-app-oauth-state=signed; Secure; HttpOnly; Path=/; Max-Age=600');
    const seen = [...a.seen, ...b.seen].find((s) => s.url === '/slack/install')!;
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(proxy.url).host);
    expect(seen.headers.host).toBe(new URL(proxy.url).host);
    await fetch(`${proxy.url}/slack/oauth_redirect?code=one-time-code-4711&state=signed-state-0815`, {
      headers: { cookie: 'slack-app-oauth-state=signed' },
    });
    const redirect = [...a.seen, ...b.seen].find((s) => s.url.startsWith('/slack/oauth_redirect'))!;
    expect(redirect.headers.cookie).toBe('slack-app-oauth-state=signed');
    expect(hits('/slack/oauth_redirect')).toBe(1);
  });

  it('answers /metrics itself (404) and logs no pay token and no OAuth code', async () => {
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(404);
    expect(hits('/metrics')).toBe(0);
    expect((await fetch(`${proxy.url}/pay/pt_secret_token_31337`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const log = proxy.accessLog();
    expect(log).toContain('/pay/[redacted]');
    for (const secret of ['pt_secret_token_31337', 'one-time-code-4711', 'signed-state-0815'])
      expect(log).not.toContain(secret);
  });
});

describe.skipIf(!NGINX)('deploy/nginx.conf in a real nginx, replicas failing', () => {
  it('never re-sends a Slack POST that reached a replica, even when that replica died on it', async () => {
    // Replicas that take a Slack request and die before answering.
    const dying = () =>
      replica((_url, res) => {
        res.socket?.destroy();
      });
    const [a, b] = [await dying(), await dying()];
    const proxy = await startProxy(a.port, b.port);
    try {
      for (let i = 0; i < 2; i++) expect((await post(`${proxy.url}/slack/events`)).status).toBe(502);
      expect({ a: a.seen.length, b: b.seen.length }).toEqual({ a: 1, b: 1 });
    } finally {
      await proxy.stop();
      a.server.close();
      b.server.close();
    }
  });

  it('hands a Slack POST to the live replica when the other refuses the connection', async () => {
    const a = await replica((_url, res) => res.writeHead(200).end('a'));
    const proxy = await startProxy(a.port, await closedPort());
    try {
      for (let i = 0; i < 6; i++) expect((await post(`${proxy.url}/slack/events`)).status).toBe(200);
      expect(a.seen.filter((s) => s.url === '/slack/events')).toHaveLength(6);
    } finally {
      await proxy.stop();
      a.server.close();
    }
  });
});
