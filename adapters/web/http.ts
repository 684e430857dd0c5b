/**
 * The playground's HTTP surface, mounted at `/` (the router's fallback):
 *   GET  /                  the page
 *   GET  /play/app.js, /play/style.css, /play/messages.css, /play/narrow.css
 *   GET  /play/events?as=<person id>   server-sent events: a snapshot and who has DMs (dm-activity),
 *                                      then each new or edited message, and dm-notice for others' DMs
 *   POST /play/command      {as, text, locale?}                      (JSON)
 *   POST /play/action       {as, messageId, action, value, locale?}  (JSON)
 *   POST /play/form         {as, formId, values, locale?} or {as, formId, cancel: true}   (JSON)
 *                           `locale`: the person's language as picked in the page ("es"), the
 *                           event's actor.locale; absent: the workspace's language
 *                           200/202 done; 422 {errors: {field: message}} (nothing was sent)
 * The event stream also carries `form` (a dialog to show that person) and `form-closed`; with
 * workspaces, `roles` (who approves in the person's workspace).
 * POSTs must be JSON from the same origin: a page on another site can neither send JSON
 * without a CORS preflight (which we never answer) nor pass the Origin check, so it cannot
 * click Approve on your behalf.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from '../../src/http/router.ts';
import { COMMAND_HELP } from './commands.ts';
import { type ConversationLog, canSee, type WebMessage } from './conversation-log.ts';
import type { OpenForms } from './forms.ts';
import type { InboundResult, PlaygroundInbound } from './inbound.ts';
import { playgroundLanguages } from './people.ts';
import type { PlaygroundWorld } from './workspaces.ts';

const MAX_BODY_BYTES = 16 * 1024;
const HEARTBEAT_MS = 20_000;

const staticDir = new URL('./static/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, staticDir), 'utf8');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface PlaygroundHttpDeps {
  readonly log: ConversationLog;
  readonly inbound: PlaygroundInbound;
  readonly forms: OpenForms;
  readonly sandbox: boolean;
  readonly enabled: boolean;
}

export interface PlaygroundHttp {
  readonly handler: HttpHandler;
  /** Take no new events and end every open event stream (shutdown). */
  close(): void;
}

function pageConfig(sandbox: boolean, world: PlaygroundWorld): Record<string, unknown> {
  const first = world.workspaces[0]!;
  if (!world.multi)
    return {
      sandbox,
      channel: { id: first.channel.channelId, name: `#${first.channel.channelId}` },
      people: first.people,
      languages: playgroundLanguages(),
      commands: COMMAND_HELP,
    };
  return {
    sandbox,
    channel: { id: first.channel.channelId, name: '#ml-billing' },
    workspaces: world.workspaces.map((w) => ({
      id: w.id,
      name: w.name,
      channel: { id: w.channel.channelId, name: '#ml-billing' },
      admin: w.people.find((p) => p.isAdmin)?.id,
    })),
    people: world.workspaces.flatMap((w) => w.people),
    languages: playgroundLanguages(),
    commands: COMMAND_HELP,
  };
}

function page(sandbox: boolean, world: PlaygroundWorld): string {
  const config = JSON.stringify(pageConfig(sandbox, world)).replaceAll('<', '\\u003c');
  const banner = sandbox
    ? '<div class="sandbox-banner" role="status" data-testid="sandbox-banner"><strong>SANDBOX</strong> ' +
      'No real money moves: payments go to the built-in ModelsLab simulator.</div>'
    : '';
  return read('index.html').replace('<!--SANDBOX-BANNER-->', banner).replace('{ "config": "server-filled" }', config);
}

function sendJson(res: ServerResponse, result: InboundResult): void {
  res.writeHead(result.status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(result.body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | InboundResult> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return { status: 415, body: { ok: false, error: 'send JSON' } };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
    return { status: 403, body: { ok: false, error: 'cross-origin request refused' } };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { status: 413, body: { ok: false, error: 'body too large' } };
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {}
  return { status: 400, body: { ok: false, error: 'body must be a JSON object' } };
}

const isResult = (v: Record<string, unknown> | InboundResult): v is InboundResult =>
  typeof v.status === 'number' && typeof v.body === 'object';

export function createPlaygroundHttp(deps: PlaygroundHttpDeps): PlaygroundHttp {
  const { log, inbound, forms } = deps;
  const world = inbound.world;
  const assets: Record<string, { type: string; body: string }> = {
    '/play/app.js': { type: 'text/javascript; charset=utf-8', body: read('app.js') },
    '/play/style.css': { type: 'text/css; charset=utf-8', body: read('style.css') },
    '/play/messages.css': { type: 'text/css; charset=utf-8', body: read('messages.css') },
    '/play/narrow.css': { type: 'text/css; charset=utf-8', body: read('narrow.css') },
  };
  const html = page(deps.sandbox, world);
  const streams = new Set<ServerResponse>();
  let closed = false;

  function events(req: IncomingMessage, res: ServerResponse, personId: string | null): void {
    const person = world.person(personId);
    if (!person) {
      sendJson(res, { status: 400, body: { ok: false, error: 'unknown person' } });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 1000\n\n');
    send('snapshot', log.visibleTo(person));
    // Who has DMs up to which revision (never what they say): the page compares it with what it
    // last showed each person, so a DM that came while the page was closed still gets its dot.
    send('dm-activity', log.dmActivity(person.workspaceId));
    const unsubscribe = log.subscribe((message: WebMessage) => {
      if (canSee(message, person)) send('message', message);
      // Someone else of this workspace got (or had edited) a DM: say who, never what, so the page
      // can mark their name. Another workspace's DMs are not even announced.
      else if (message.kind === 'dm' && message.visibleTo && message.workspaceId === person.workspaceId)
        send('dm-notice', { for: message.visibleTo, rev: message.rev });
    });
    // Dialogs still open for this person (opened before this page connected), then each new one.
    for (const form of forms.pendingFor(person.id)) send('form', form);
    const unsubscribeForms = forms.subscribe((personId, notice) => {
      if (personId !== person.id) return;
      if (notice.kind === 'open') send('form', notice.form);
      else send('form-closed', { id: notice.id });
    });
    const workspace = world.workspaceOf(person);
    const sendRoles = () =>
      void inbound
        .approvers(workspace)
        .then((approvers) => {
          if (!res.writableEnded) send('roles', { approvers });
        })
        .catch(() => {});
    if (world.multi) sendRoles();
    // A settings form may have changed who approves: say it again once its work is done.
    const unsubscribeRoles = world.multi
      ? inbound.onFormSettled((changed) => {
          if (changed.id === workspace.id) sendRoles();
        })
      : () => {};
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeForms();
      unsubscribeRoles();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('close', end);
  }

  const handler: HttpHandler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://playground.local');
    const route = `${req.method} ${url.pathname}`;
    if (!deps.enabled) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route === 'GET /' || route === 'HEAD /') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'x-frame-options': 'DENY',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const asset = req.method === 'GET' ? assets[url.pathname] : undefined;
    if (asset) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type }).end(asset.body);
      return;
    }
    const live =
      route === 'GET /play/events' ||
      route === 'POST /play/command' ||
      route === 'POST /play/action' ||
      route === 'POST /play/form';
    if (live && closed) return sendJson(res, { status: 503, body: { ok: false, error: 'the bot is shutting down' } });
    if (route === 'GET /play/events') return events(req, res, url.searchParams.get('as'));
    if (route === 'POST /play/command' || route === 'POST /play/action' || route === 'POST /play/form') {
      const body = await readJson(req);
      if (isResult(body)) return sendJson(res, body);
      if (route === 'POST /play/form') return sendJson(res, await inbound.form(body));
      return sendJson(res, route === 'POST /play/command' ? inbound.command(body) : inbound.action(body));
    }
    if (route === 'GET /favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };

  return {
    handler,
    close() {
      closed = true;
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
