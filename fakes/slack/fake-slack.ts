/**
 * A fake Slack on loopback for tests and benchmarks (fakes/README.md says why it lives here): the Web API (`/api/<method>`, form-encoded like
 * @slack/web-api sends it), a response_url sink (`/response/<id>`), the external file-upload
 * URL (`/upload/<file id>`) and a Socket Mode WebSocket (`/link/`). It keeps the messages it was
 * sent, so a test can read a card as it stands after every chat.update, and it can be told to
 * fail: 429 with Retry-After, `ok:false` errors, spent response_urls, and a slow Slack that
 * takes a post and answers late or never. Messages keep their `metadata`, which
 * conversations.history / conversations.replies return with `include_all_metadata`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FakeSocketMode } from './socket-mode.ts';
import type { FakeTenancy, TokenOwner } from './tenancy.ts';
import { type FakeSlackOptions, SlackWorkspace, type StoredMessage, type UploadedFile } from './workspace.ts';

export type { FakeUser, InstallGrant, OAuthAppOptions, TokenOwner } from './tenancy.ts';
export type { FakeSlackOptions, OpenedView, StoredMessage, UploadedFile } from './workspace.ts';

export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly auth: string | undefined;
  /** The workspace the bearer token belongs to (team, or enterprise for an org-wide install). */
  readonly team?: string;
  /** HTTP status the fake answered (429 for scripted rate limits; 0: answered late or never). */
  readonly status: number;
  /** `error` of an `ok:false` answer. */
  readonly error?: string;
  readonly at: number;
}

interface SlowAnswer {
  n: number;
  /** Store the post (Slack took it) before the answer is held back. */
  readonly apply: boolean;
  /** Answer after this long; undefined: never. */
  readonly delayMs?: number;
}

export interface ResponseUrlPost {
  readonly id: string;
  /** The ts Slack gives the message it shows (a button in it is clicked with this). */
  readonly ts: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly at: number;
  /**
   * Set when the post carried `replace_original: true` on a response_url bound to a message
   * (see `responseUrl`): Slack then shows it in place of that message, which keeps its ts.
   */
  readonly replaced?: { readonly channel: string; readonly ts: string };
  /** Set when the post carried `delete_original: true` on a bound response_url. */
  readonly deleted?: { readonly channel: string; readonly ts: string };
}

/** The message a click's response_url belongs to (Slack ties each click's URL to its message). */
export interface ResponseUrlOrigin {
  readonly channel: string;
  readonly ts: string;
}

const JSON_PARAMS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

export class FakeSlack {
  readonly workspace: SlackWorkspace;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly socket: FakeSocketMode;
  readonly #calls: RecordedCall[] = [];
  readonly #responses: ResponseUrlPost[] = [];
  readonly #responseUses = new Map<string, number>();
  readonly #responseOrigins = new Map<string, ResponseUrlOrigin>();
  readonly #rateLimits = new Map<string, { n: number; retryAfterSec: number }>();
  readonly #failures = new Map<string, { n: number; error: string }>();
  readonly #slow = new Map<string, SlowAnswer>();
  readonly #held = new Set<ServerResponse>();
  #failResponseUrls = 0;

  readonly tenancy: FakeTenancy;

  constructor(options: FakeSlackOptions = {}) {
    this.workspace = new SlackWorkspace(options);
    this.tenancy = this.workspace.tenancy;
    this.#server = createServer((req, res) => void this.#route(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/link/' });
    this.socket = new FakeSocketMode(this.#wss);
  }

  async start(): Promise<{ url: string; apiUrl: string }> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    this.workspace.url = url;
    return { url, apiUrl: `${url}/api/` };
  }

  async stop(): Promise<void> {
    for (const res of this.#held) res.destroy();
    this.socket.closeAll();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  get url(): string {
    return this.workspace.url;
  }

  // ------------------------------------------------------------------ inspection

  calls(method?: string): RecordedCall[] {
    return this.#calls.filter((c) => method === undefined || c.method === method);
  }

  responses(id?: string): ResponseUrlPost[] {
    return this.#responses.filter((r) => id === undefined || r.id === id);
  }

  /**
   * A fresh response_url pointing at the sink. Give `origin` for a click's URL: a post with
   * `replace_original: true` then replaces that message (a stored one is edited in place).
   */
  responseUrl(id = `r${this.workspace.nextId()}`, origin?: ResponseUrlOrigin): string {
    if (origin) this.#responseOrigins.set(id, origin);
    return `${this.url}/response/${id}`;
  }

  /** The published Home tab of `userId` as it stands (the last views.publish), if any. */
  homeView(userId: string): { blocks: unknown[] } | undefined {
    return this.workspace.homeView(userId);
  }

  messages(channel?: string): StoredMessage[] {
    return this.workspace.messages(channel);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.workspace.message(channel, ts);
  }

  /** The DM channel id conversations.open gives for `userId` (stable per user). */
  dmChannelOf(userId: string): string {
    return this.workspace.dmChannelOf(userId);
  }

  uploads(): UploadedFile[] {
    return this.workspace.uploads();
  }

  /** Poll until `check` returns a value (not undefined/false) or fail after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > until) throw new Error(`fake slack: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  // ------------------------------------------------------------------ scripted failures

  /** The next `n` calls of `method` answer 429 with `Retry-After: retryAfterSec`. */
  rateLimitNext(method: string, n = 1, retryAfterSec = 1): void {
    this.#rateLimits.set(method, { n, retryAfterSec });
  }

  /** The next `n` calls of `method` answer `{ok:false, error}`. */
  failNext(method: string, error: string, n = 1): void {
    this.#failures.set(method, { n, error });
  }

  /**
   * The next `n` calls of `method` are applied at once (a post is stored and visible to reads)
   * but answered only after `delayMs`: Slack accepting a post and answering late.
   */
  answerLate(method: string, delayMs: number, n = 1): void {
    this.#slow.set(method, { n, apply: true, delayMs });
  }

  /**
   * The next `n` calls of `method` never get an answer (the client's timeout ends them).
   * `apply: true`: Slack stored the post anyway; `false`: it was lost on the way.
   */
  neverAnswer(method: string, options: { apply: boolean; n?: number }): void {
    this.#slow.set(method, { n: options.n ?? 1, apply: options.apply });
  }

  /** The next `n` response_url posts answer 404 `expired_url`. */
  failResponseUrlNext(n = 1): void {
    this.#failResponseUrls = n;
  }

  // ------------------------------------------------------------------ HTTP

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/response/')) return this.#responseUrl(path.slice('/response/'.length), raw, res);
    if (path.startsWith('/upload/')) return this.#upload(path.slice('/upload/'.length), raw, req, res);
    if (path.startsWith('/api/')) return this.#api(path.slice('/api/'.length), raw, req, res);
    if (path === '/oauth/v2/authorize' && req.method === 'GET') {
      const answer = this.tenancy.authorize(new URL(req.url ?? '/', 'http://x').searchParams);
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end(answer.body ?? '');
      return;
    }
    res.writeHead(404).end();
  }

  #responseUrl(id: string, raw: Buffer, res: ServerResponse): void {
    const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    const uses = (this.#responseUses.get(id) ?? 0) + 1;
    this.#responseUses.set(id, uses);
    let status = 200;
    let answer = 'ok';
    if (this.#failResponseUrls > 0) {
      this.#failResponseUrls -= 1;
      status = 404;
      answer = 'expired_url';
    } else if (uses > 5) {
      // Slack: a response_url works 5 times within 30 minutes.
      status = 404;
      answer = 'used_url';
    }
    const origin = this.#responseOrigins.get(id);
    if (status === 200 && origin && body.delete_original === true) {
      this.workspace.remove(origin.channel, origin.ts);
      this.#responses.push({ id, ts: origin.ts, body, status, at: Date.now(), deleted: origin });
    } else if (status === 200 && origin && body.replace_original === true) {
      // Slack swaps the clicked message's content and keeps its ts.
      const stored = this.workspace.message(origin.channel, origin.ts);
      if (stored) {
        stored.text = String(body.text ?? '');
        stored.blocks = (body.blocks as unknown[] | undefined) ?? [];
        stored.versions.push({ text: stored.text, blocks: stored.blocks });
      }
      this.#responses.push({ id, ts: origin.ts, body, status, at: Date.now(), replaced: origin });
    } else {
      this.#responses.push({ id, ts: this.workspace.nextTs(), body, status, at: Date.now() });
    }
    res.writeHead(status, { 'content-type': 'text/plain' }).end(answer);
  }

  async #upload(fileId: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.workspace.upload(fileId);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const part = [...form.values()][0];
      file.bytes =
        typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await (part as Blob).arrayBuffer());
    } else {
      file.bytes = raw;
    }
    file.content = file.bytes.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  #api(method: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    for (const k of JSON_PARAMS) if (typeof params[k] === 'string') params[k] = JSON.parse(params[k] as string);
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    const caller: TokenOwner | undefined = this.tenancy.tokenOwner(bearer);
    const team = caller ? (caller.orgWide ? caller.enterpriseId : caller.teamId) : undefined;
    const record = (status: number, error?: string) =>
      this.#calls.push({
        method,
        params,
        auth,
        ...(team ? { team } : {}),
        status,
        at: Date.now(),
        ...(error ? { error } : {}),
      });
    const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

    const limit = this.#rateLimits.get(method);
    if (limit && limit.n > 0) {
      limit.n -= 1;
      record(429, 'ratelimited');
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSec) });
      return;
    }
    const failure = this.#failures.get(method);
    if (failure && failure.n > 0) {
      failure.n -= 1;
      record(200, failure.error);
      json(200, { ok: false, error: failure.error });
      return;
    }
    const refusal = this.#refuse(method, params, bearer, caller);
    if (refusal) {
      record(200, refusal);
      json(200, { ok: false, error: refusal });
      return;
    }
    const handler = this.workspace.methods[method];
    if (!handler) {
      record(200, 'unknown_method');
      json(200, { ok: false, error: 'unknown_method' });
      return;
    }
    const slow = this.#slow.get(method);
    if (slow && slow.n > 0) {
      slow.n -= 1;
      const body = slow.apply ? handler(params) : undefined;
      record(0, body?.ok === false ? String(body.error) : undefined);
      this.#held.add(res);
      res.on('close', () => this.#held.delete(res));
      if (body && slow.delayMs !== undefined) {
        const timer = setTimeout(() => {
          if (!res.destroyed) json(200, { ok: true, ...body });
        }, slow.delayMs);
        timer.unref();
      }
      return;
    }
    const body = handler(params, caller);
    record(200, body.ok === false ? String(body.error) : undefined);
    json(200, { ok: true, ...body });
  }

  /** Slack's auth answer for one call, or undefined when it goes through. */
  #refuse(
    method: string,
    params: Record<string, unknown>,
    bearer: string | undefined,
    caller: TokenOwner | undefined,
  ): string | undefined {
    // oauth.v2.access authenticates with the client id and secret in the body.
    if (method === 'oauth.v2.access') return undefined;
    if (method === 'apps.connections.open')
      return bearer === this.workspace.options.appToken ? undefined : 'invalid_auth';
    if (!caller || caller.kind === 'config') return 'invalid_auth';
    if (caller.revoked) return 'token_revoked';
    if (caller.expiresAt !== undefined && Date.now() > caller.expiresAt) return 'token_expired';
    const channel = params.channel ?? params.channel_id;
    if (typeof channel === 'string' && !this.tenancy.canSee(caller, channel)) return 'channel_not_found';
    return undefined;
  }
}

export async function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.start();
  return fake;
}
