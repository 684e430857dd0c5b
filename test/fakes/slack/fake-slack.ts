/**
 * A fake Slack on loopback for tests: the Web API (`/api/<method>`, form-encoded like
 * @slack/web-api sends it), a response_url sink (`/response/<id>`), the external file-upload
 * URL (`/upload/<file id>`) and a Socket Mode WebSocket (`/link/`). It keeps the messages it was
 * sent, so a test can read a card as it stands after every chat.update, and it can be told to
 * fail: 429 with Retry-After, `ok:false` errors, spent response_urls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FakeSocketMode } from './socket-mode.ts';

export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly auth: string | undefined;
  /** HTTP status the fake answered (429 for scripted rate limits). */
  readonly status: number;
  /** `error` of an `ok:false` answer. */
  readonly error?: string;
  readonly at: number;
}

export interface ResponseUrlPost {
  readonly id: string;
  /** The ts Slack gives the message it shows (a button in it is clicked with this). */
  readonly ts: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly at: number;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[];
  readonly threadTs?: string;
  /** Set for chat.postEphemeral: only this user saw it. */
  readonly ephemeralFor?: string;
  /** Every version, oldest first (the post, then each chat.update). */
  readonly versions: Array<{ text: string; blocks: unknown[] }>;
}

export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  content?: string;
  channelId?: string;
  threadTs?: string;
}

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  readonly teamId?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  /** User-group id → member ids, for usergroups.users.list. */
  readonly groups?: Record<string, string[]>;
  /** Users that are bots: conversations.open answers `cannot_dm_bot`. */
  readonly bots?: readonly string[];
  /** Channels the bot was not invited to: posts answer `not_in_channel`. */
  readonly closedChannels?: readonly string[];
}

type Handler = (p: Record<string, unknown>, auth: string | undefined) => Record<string, unknown>;

const JSON_PARAMS = new Set(['blocks', 'view', 'files', 'attachments']);

export class FakeSlack {
  readonly #opts: Required<Pick<FakeSlackOptions, 'botToken' | 'appToken' | 'teamId' | 'botUserId' | 'botId'>> &
    FakeSlackOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly socket: FakeSocketMode;
  readonly #calls: RecordedCall[] = [];
  readonly #responses: ResponseUrlPost[] = [];
  readonly #responseUses = new Map<string, number>();
  readonly #messages: StoredMessage[] = [];
  readonly #uploads = new Map<string, UploadedFile>();
  readonly #dms = new Map<string, string>();
  readonly #rateLimits = new Map<string, { n: number; retryAfterSec: number }>();
  readonly #failures = new Map<string, { n: number; error: string }>();
  #failResponseUrls = 0;
  #tsCounter = 0;
  #idCounter = 0;
  #url = '';

  constructor(options: FakeSlackOptions = {}) {
    this.#opts = {
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      teamId: 'T0TEAM',
      botUserId: 'U0BOT',
      botId: 'B0BOT',
      ...options,
    };
    this.#server = createServer((req, res) => void this.#route(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/link/' });
    this.socket = new FakeSocketMode(this.#wss);
  }

  async start(): Promise<{ url: string; apiUrl: string }> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return { url: this.#url, apiUrl: `${this.#url}/api/` };
  }

  async stop(): Promise<void> {
    this.socket.closeAll();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  get url(): string {
    return this.#url;
  }

  // ------------------------------------------------------------------ inspection

  calls(method?: string): RecordedCall[] {
    return this.#calls.filter((c) => method === undefined || c.method === method);
  }

  responses(id?: string): ResponseUrlPost[] {
    return this.#responses.filter((r) => id === undefined || r.id === id);
  }

  /** A fresh response_url pointing at the sink. */
  responseUrl(id = `r${++this.#idCounter}`): string {
    return `${this.#url}/response/${id}`;
  }

  messages(channel?: string): StoredMessage[] {
    return this.#messages.filter((m) => channel === undefined || m.channel === channel);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.#messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** The DM channel id conversations.open gives for `userId` (stable per user). */
  dmChannelOf(userId: string): string {
    let id = this.#dms.get(userId);
    if (!id) {
      id = `D${String(this.#dms.size + 1).padStart(4, '0')}${userId.slice(1, 6)}`;
      this.#dms.set(userId, id);
    }
    return id;
  }

  uploads(): UploadedFile[] {
    return [...this.#uploads.values()];
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
    this.#responses.push({ id, ts: this.#nextTs(), body, status, at: Date.now() });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(answer);
  }

  async #upload(fileId: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.#uploads.get(fileId);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const part = [...form.values()][0];
      file.content = typeof part === 'string' ? part : await (part as Blob).text();
    } else {
      file.content = raw.toString('utf8');
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  #api(method: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    for (const k of JSON_PARAMS) if (typeof params[k] === 'string') params[k] = JSON.parse(params[k] as string);
    const auth = req.headers.authorization;
    const record = (status: number, error?: string) =>
      this.#calls.push({ method, params, auth, status, at: Date.now(), ...(error ? { error } : {}) });
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
    const expected = method === 'apps.connections.open' ? this.#opts.appToken : this.#opts.botToken;
    if (auth !== `Bearer ${expected}`) {
      record(200, 'invalid_auth');
      json(200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const handler = this.#handlers[method];
    if (!handler) {
      record(200, 'unknown_method');
      json(200, { ok: false, error: 'unknown_method' });
      return;
    }
    const body = handler(params, auth);
    record(200, body.ok === false ? String(body.error) : undefined);
    json(200, { ok: true, ...body });
  }

  #nextTs(): string {
    this.#tsCounter += 1;
    return `${1_764_400_000 + this.#tsCounter}.${String(this.#tsCounter * 100).padStart(6, '0')}`;
  }

  #resolveChannel(channel: string): string {
    return /^[UW]/.test(channel) ? this.dmChannelOf(channel) : channel;
  }

  readonly #handlers: Record<string, Handler> = {
    'auth.test': () => ({
      url: 'https://fake.slack.com/',
      team: 'Fake Team',
      user: 'mlbot',
      team_id: this.#opts.teamId,
      user_id: this.#opts.botUserId,
      bot_id: this.#opts.botId,
    }),
    'chat.postMessage': (p) => {
      const channel = this.#resolveChannel(String(p.channel));
      if (this.#opts.closedChannels?.includes(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = this.#nextTs();
      const text = String(p.text ?? '');
      const blocks = (p.blocks as unknown[] | undefined) ?? [];
      this.#messages.push({
        channel,
        ts,
        text,
        blocks,
        ...(p.thread_ts ? { threadTs: String(p.thread_ts) } : {}),
        versions: [{ text, blocks }],
      });
      return { channel, ts, message: { type: 'message', text, blocks, ts, bot_id: this.#opts.botId } };
    },
    'chat.update': (p) => {
      const msg = this.message(String(p.channel), String(p.ts));
      if (!msg) return { ok: false, error: 'message_not_found' };
      msg.text = String(p.text ?? '');
      msg.blocks = (p.blocks as unknown[] | undefined) ?? [];
      msg.versions.push({ text: msg.text, blocks: msg.blocks });
      return { channel: msg.channel, ts: msg.ts, text: msg.text };
    },
    'chat.postEphemeral': (p) => {
      const channel = String(p.channel);
      if (this.#opts.closedChannels?.includes(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = this.#nextTs();
      const text = String(p.text ?? '');
      const blocks = (p.blocks as unknown[] | undefined) ?? [];
      this.#messages.push({ channel, ts, text, blocks, ephemeralFor: String(p.user), versions: [{ text, blocks }] });
      return { message_ts: ts };
    },
    'conversations.open': (p) => {
      const user = String(p.users ?? '');
      if (this.#opts.bots?.includes(user)) return { ok: false, error: 'cannot_dm_bot' };
      return { channel: { id: this.dmChannelOf(user) } };
    },
    'usergroups.users.list': (p) => {
      const members = this.#opts.groups?.[String(p.usergroup)];
      return members ? { users: members } : { ok: false, error: 'no_such_subteam' };
    },
    'views.publish': (p) => ({ view: { id: `V${++this.#idCounter}`, ...(p.view as object) } }),
    'files.getUploadURLExternal': (p) => {
      const fileId = `F${String(++this.#idCounter).padStart(6, '0')}`;
      this.#uploads.set(fileId, { fileId, filename: String(p.filename) });
      return { upload_url: `${this.#url}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (p) => {
      const files = (p.files as Array<{ id: string; title?: string }>) ?? [];
      for (const f of files) {
        const up = this.#uploads.get(f.id);
        if (!up) return { ok: false, error: 'file_not_found' };
        if (p.channel_id) up.channelId = String(p.channel_id);
        if (p.thread_ts) up.threadTs = String(p.thread_ts);
      }
      return { files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
    },
    'apps.connections.open': () => ({ url: `${this.#url.replace('http', 'ws')}/link/?ticket=t${++this.#idCounter}` }),
  };
}

export async function startFakeSlack(options?: FakeSlackOptions): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.start();
  return fake;
}
