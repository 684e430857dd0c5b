/**
 * A `fetch` that hands each request straight to an HttpHandler (the simulator's), skipping the
 * TCP socket. The simulator's routing, rate limiter, idempotency cache and state all run as they
 * do over HTTP, and the client (ky, zod, ModelsLabBilling) runs unchanged; what is saved is the
 * loopback round trip, so hundreds of thousands of simulated-time calls finish in seconds.
 * The fake request/response carry only what the simulator's handler reads (method, url,
 * headers, body stream; writeHead/end/headersSent/on).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { HttpHandler } from '../../src/http/router.ts';

/** Sees each exchange once the handler has answered (counting, in-flight tracking). */
export type ExchangeObserver = (request: Request, status: number) => void;

export function inProcessFetch(handler: HttpHandler, observe?: ExchangeObserver): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const url = new URL(request.url);
    const req = Object.assign(Readable.from(body && body.length > 0 ? [body] : []), {
      method: request.method,
      url: url.pathname + url.search,
      headers: { ...Object.fromEntries(request.headers), host: url.host },
    });
    const response = await new Promise<Response>((resolve, reject) => {
      const res = new CapturedResponse(resolve);
      Promise.resolve(handler(req as unknown as IncomingMessage, res as unknown as ServerResponse)).catch(reject);
    });
    observe?.(request, response.status);
    return response;
  };
}

class CapturedResponse {
  headersSent = false;
  #status = 200;
  #headers: Record<string, string> = {};
  readonly #resolve: (response: Response) => void;

  constructor(resolve: (response: Response) => void) {
    this.#resolve = resolve;
  }

  writeHead(status: number, headers: Record<string, string> = {}): this {
    this.#status = status;
    this.#headers = { ...this.#headers, ...headers };
    this.headersSent = true;
    return this;
  }

  end(body?: string | Buffer): this {
    this.headersSent = true;
    this.#resolve(
      new Response(typeof body === 'string' || body === undefined ? (body ?? null) : new Uint8Array(body), {
        status: this.#status,
        headers: this.#headers,
      }),
    );
    return this;
  }

  on(): this {
    return this;
  }

  destroy(): void {}
}
