/**
 * A loopback HTTP proxy that can hold one chosen call, so a test can kill the bot while that call
 * is in flight. `before` holds the request without delivering it (the side effect never
 * happened); `after` delivers it and withholds the answer (the side effect happened, the bot never
 * learnt it did). Everything else passes straight through to `target`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type HoldMode = 'before' | 'after';

interface HoldRule {
  readonly match: (call: ProxiedCall) => boolean;
  readonly mode: HoldMode;
  readonly caught: (call: ProxiedCall) => void;
}

export class HoldingProxy {
  readonly #target: string;
  readonly #server: Server;
  readonly #rules: HoldRule[] = [];
  readonly #held = new Set<ServerResponse>();
  readonly calls: ProxiedCall[] = [];
  #url = '';

  constructor(target: string) {
    this.#target = target.replace(/\/$/, '');
    this.#server = createServer((req, res) => void this.#route(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  get url(): string {
    return this.#url;
  }

  /** The next call matching `match` is held; resolves with it once it arrived (and, for `after`, was delivered). */
  hold(match: (call: ProxiedCall) => boolean, mode: HoldMode): Promise<ProxiedCall> {
    return new Promise((resolve) => this.#rules.push({ match, mode, caught: resolve }));
  }

  /** Drop held calls (their client is usually dead by now). */
  dropHeld(): void {
    for (const res of this.#held) res.destroy();
    this.#held.clear();
  }

  async stop(): Promise<void> {
    this.dropHeld();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const call: ProxiedCall = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: raw.toString('utf8'),
      headers: req.headers,
    };
    this.calls.push(call);
    const index = this.#rules.findIndex((r) => r.match(call));
    const rule = index >= 0 ? this.#rules.splice(index, 1)[0] : undefined;
    if (rule?.mode === 'before') {
      this.#held.add(res);
      rule.caught(call);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
    }
    let answer: Response;
    try {
      answer = await fetch(`${this.#target}${call.path}`, {
        method: call.method,
        headers,
        ...(raw.length > 0 ? { body: raw } : {}),
      });
    } catch {
      res.writeHead(502).end();
      return;
    }
    const body = Buffer.from(await answer.arrayBuffer());
    if (rule?.mode === 'after') {
      this.#held.add(res);
      rule.caught(call);
      return;
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection')
        out[k] = v;
    });
    if (!res.destroyed) res.writeHead(answer.status, out).end(body);
  }
}

/** Form-encoded Slack Web API body → params. */
export function slackParams(call: ProxiedCall): URLSearchParams {
  return new URLSearchParams(call.body);
}

/** The Slack Web API method a call is for (`chat.postMessage`), or undefined. */
export function slackMethod(call: ProxiedCall): string | undefined {
  return /\/api\/([\w.]+)/.exec(call.path)?.[1];
}
