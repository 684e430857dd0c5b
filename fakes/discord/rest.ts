/**
 * The REST half of the fake Discord: the routes discord.js calls for this bot, each recorded.
 * Quirks kept on purpose (platforms.md §8): a 204 has no body and no content-type (@discordjs/rest
 * JSON-parses any application/json body, even an empty one), and `@original` arrives as `%40original`.
 * Create-message keeps Discord's `enforce_nonce` rule (a nonce seen in the last few minutes
 * returns the message it created), and calls can be carried out but answered late or never
 * (`answerLate`, `neverAnswer` in index.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiMessage, apiUser, type StoredMessage, snowflake } from './payloads.ts';
import { type FakeDiscordState, type FileUpload, NONCE_WINDOW_MS, type RestCall } from './state.ts';

export interface RestContext {
  readonly state: FakeDiscordState;
  readonly applicationId: string;
  readonly botUser: ReturnType<typeof apiUser>;
  gatewayUrl(): string;
}

type Json = Record<string, unknown>;

async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; body: unknown; files: FileUpload[] }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { raw, body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: FileUpload[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      else if (typeof value !== 'string') {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, name: value.name, contentType: value.type, text: data.toString('utf8'), data });
      }
    }
    return { raw, body, files };
  }
  return { raw, body: JSON.parse(raw.toString('utf8')), files: [] };
}

function send(res: ServerResponse, call: RestCall, status: number, body?: unknown, headers: Json = {}): void {
  call.status = status;
  if (status === 204) {
    res.writeHead(204, headers as Record<string, string>).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...(headers as Record<string, string>) });
  res.end(JSON.stringify(body ?? {}));
}

function storeMessage(ctx: RestContext, channelId: string, body: Json, files: FileUpload[], viaWebhook: boolean) {
  const msg: StoredMessage = {
    id: snowflake(),
    channel_id: channelId,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    history: [],
    viaWebhook,
  };
  applyEdit(msg, body, files);
  ctx.state.messages.set(msg.id, msg);
  return msg;
}

function applyEdit(msg: StoredMessage, body: Json, files: FileUpload[]): void {
  if (typeof body.content === 'string') msg.content = body.content;
  if (Array.isArray(body.embeds)) msg.embeds = body.embeds;
  if (Array.isArray(body.components)) msg.components = body.components as StoredMessage['components'];
  if (typeof body.flags === 'number') msg.flags = body.flags;
  const ref = body.message_reference as StoredMessage['message_reference'] | undefined;
  if (ref) msg.message_reference = ref;
  if (files.length > 0)
    msg.attachments = files.map((f) => ({
      id: snowflake(),
      filename: f.name,
      content_type: f.contentType,
      size: f.text.length,
      url: `https://cdn.invalid/${f.name}`,
    }));
  msg.history.push({ ...body, files: files.map((f) => f.name) });
}

/**
 * A response that is written late (`delayMs`) or never (undefined), for a Discord that carried a
 * request out but whose answer did not come back in time.
 */
function heldResponse(res: ServerResponse, delayMs: number | undefined): ServerResponse {
  let head: unknown[] = [];
  const held = {
    headersSent: false,
    writeHead(...args: unknown[]) {
      head = args;
      return held;
    },
    end(body?: string) {
      if (delayMs === undefined) return held;
      setTimeout(() => {
        if (res.destroyed) return;
        (res.writeHead as (...a: unknown[]) => ServerResponse)(...head);
        res.end(body);
      }, delayMs).unref();
      return held;
    },
  };
  return held as unknown as ServerResponse;
}

const rateLimitHeaders = { 'x-ratelimit-bucket': 'fake-bucket', 'x-ratelimit-limit': '5' };

export async function handleRest(ctx: RestContext, req: IncomingMessage, answer: ServerResponse): Promise<void> {
  let res = answer;
  const { state } = ctx;
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
  const method = req.method ?? 'GET';
  const { raw, body, files } = await readBody(req);
  const call: RestCall = {
    method,
    path,
    query: url.search,
    auth: req.headers.authorization,
    body,
    raw: raw.toString('utf8'),
    files,
    status: 0,
    at: Date.now(),
  };
  state.calls.push(call);
  const b = (body ?? {}) as Json;
  let m: string[] = [];
  /** Match `method` and `pattern`, keeping the groups in `m`. */
  const route = (want: string | undefined, pattern: RegExp): boolean => {
    const found = want === undefined || method === want ? pattern.exec(path) : null;
    m = found ? [...found] : [];
    return found !== null;
  };

  const fault = state.takeFault(method, path);
  if (fault) return send(res, call, fault.status, fault.body, fault.headers);
  const slow = state.takeSlow(method, path);
  if (slow && !slow.apply) return; // lost on the way: no effect, no answer
  if (slow) res = heldResponse(res, slow.delayMs);

  if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway'))
    return send(res, call, 200, {
      url: ctx.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    });

  if (route('PUT', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) {
    const list = (Array.isArray(body) ? body : []) as Json[];
    const guildId = m[2];
    // Discord refuses guild commands in a server the application is not in (50001 Missing Access).
    if (guildId && !state.guilds.get(guildId)?.joined)
      return send(res, call, 403, { message: 'Missing Access', code: 50001 });
    state.commandRegistrations.push({ path, ...(guildId ? { guildId } : {}), body: list });
    return send(
      res,
      call,
      200,
      list.map((c) => ({
        ...c,
        id: snowflake(),
        application_id: ctx.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        version: snowflake(),
        default_member_permissions: c.default_member_permissions ?? null,
      })),
    );
  }

  if (route('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/)) {
    const record = state.interactions.get(m[1] ?? '');
    if (!record || record.token !== m[2]) return send(res, call, 404, { message: 'Unknown interaction', code: 10062 });
    if (record.callback)
      return send(res, call, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (record.type === 5 && (body as { type?: number } | undefined)?.type === 9)
      return send(res, call, 400, { message: 'Invalid interaction response type', code: 50035 });
    record.callback = body;
    record.callbackAt = call.at;
    const callbackKind = (body as { type?: number } | undefined)?.type;
    if (callbackKind === 9) {
      // MODAL: only as the first response, and never to a modal submit (Discord: 400).
      state.modals.push({ interactionId: record.id, at: call.at, data: (body as { data?: unknown }).data });
    }
    if (callbackKind === 4) {
      // CHANNEL_MESSAGE_WITH_SOURCE: the reply is the interaction's `@original`.
      const data = ((body as { data?: Json }).data ?? {}) as Json;
      const msg = storeMessage(ctx, record.channelId, data, files, true);
      state.originalByToken.set(record.token, msg.id);
    }
    // A click acknowledged with DEFERRED_UPDATE_MESSAGE (6) or UPDATE_MESSAGE (7): the interaction's
    // `@original` is the message holding the button, and an update (7) edits it at once.
    const callbackType = (body as { type?: number } | undefined)?.type;
    if (record.messageId && (callbackType === 6 || callbackType === 7)) {
      state.originalByToken.set(record.token, record.messageId);
      const target = state.messages.get(record.messageId);
      const data = (body as { data?: Json }).data;
      if (callbackType === 7 && target && data) applyEdit(target, data, files);
    }
    if (url.searchParams.get('with_response') === 'true')
      return send(res, call, 200, { interaction: { id: record.id, type: 2 } });
    return send(res, call, 204);
  }

  if (route(undefined, /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/)) {
    const [, , token, messageId] = m;
    const interaction = [...state.interactions.values()].find((i) => i.token === token);
    const channelId = interaction?.channelId ?? 'unknown';
    if (method === 'POST' && !messageId) {
      const msg = storeMessage(ctx, channelId, b, files, true);
      return send(res, call, 200, apiMessage(msg, ctx.botUser));
    }
    const originalId = state.originalByToken.get(token ?? '');
    const target = messageId === '@original' ? originalId : messageId;
    if (method === 'PATCH' && messageId) {
      let msg = target ? state.messages.get(target) : undefined;
      if (!msg) {
        // The deferred reply keeps the flags of the callback (ephemeral stays ephemeral).
        const deferredFlags = interaction?.callback?.data?.flags;
        msg = storeMessage(ctx, channelId, { flags: deferredFlags ?? 0, ...b }, files, true);
        if (messageId === '@original') state.originalByToken.set(token ?? '', msg.id);
      } else applyEdit(msg, b, files);
      return send(res, call, 200, apiMessage(msg, ctx.botUser));
    }
    if (method === 'DELETE' && messageId) {
      if (target) state.messages.delete(target);
      return send(res, call, 204);
    }
    if (method === 'GET' && messageId) {
      const msg = target ? state.messages.get(target) : undefined;
      return msg ? send(res, call, 200, apiMessage(msg, ctx.botUser)) : send(res, call, 404, { code: 10008 });
    }
  }

  // The bot's own user: the authenticated read a REST-only process checks its token with.
  if (method === 'GET' && path === '/users/@me') return send(res, call, 200, ctx.botUser);

  if (method === 'GET' && path === '/users/@me/guilds') {
    // The servers the bot is in, by id, `limit` a page after the `after` id.
    const after = BigInt(url.searchParams.get('after') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? '200');
    const page = [...state.guilds.values()]
      .filter((g) => g.joined && BigInt(g.id) > after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit)
      .map((g) => ({ id: g.id, name: g.name, icon: null, owner: false, permissions: '0', features: [] }));
    return send(res, call, 200, page);
  }

  if (method === 'POST' && path === '/users/@me/channels') {
    const userId = String(b.recipient_id);
    let channelId = state.dmChannelByUser.get(userId);
    if (!channelId) {
      channelId = snowflake();
      state.dmChannelByUser.set(userId, channelId);
      state.userByDmChannel.set(channelId, userId);
    }
    const member = state.members.get(userId);
    return send(res, call, 200, {
      id: channelId,
      type: 1,
      last_message_id: null,
      recipients: [apiUser({ id: userId, username: member?.username ?? 'someone' })],
    });
  }

  if (route('POST', /^\/channels\/(\d+)\/messages$/)) {
    const channelId = m[1] ?? '';
    const dmUser = state.userByDmChannel.get(channelId);
    if (dmUser && state.dmsClosedFor.has(dmUser))
      return send(res, call, 403, { message: 'Cannot send messages to this user', code: 50007 });
    // enforce_nonce: a nonce seen in the last few minutes returns the message it created.
    const nonce = b.enforce_nonce === true && (typeof b.nonce === 'string' || typeof b.nonce === 'number');
    const earlier = nonce ? state.nonces.get(String(b.nonce)) : undefined;
    const first = earlier && call.at - earlier.at < NONCE_WINDOW_MS ? state.messages.get(earlier.messageId) : undefined;
    if (first) return send(res, call, 200, { ...apiMessage(first, ctx.botUser), nonce: b.nonce });
    const msg = storeMessage(ctx, channelId, b, files, false);
    if (nonce) state.nonces.set(String(b.nonce), { messageId: msg.id, at: call.at });
    return send(
      res,
      call,
      200,
      { ...apiMessage(msg, ctx.botUser), ...(b.nonce !== undefined ? { nonce: b.nonce } : {}) },
      { ...rateLimitHeaders, 'x-ratelimit-remaining': '4' },
    );
  }

  if (route('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/)) {
    const msg = state.messages.get(m[2] ?? '');
    if (!msg || msg.channel_id !== m[1]) return send(res, call, 404, { message: 'Unknown Message', code: 10008 });
    applyEdit(msg, b, files);
    return send(res, call, 200, apiMessage(msg, ctx.botUser));
  }

  if (route('GET', /^\/channels\/(\d+)$/))
    return send(res, call, 200, { id: m[1], type: state.userByDmChannel.has(m[1] ?? '') ? 1 : 0, name: 'general' });

  return send(res, call, 404, { message: `Unknown route (fake): ${method} ${path}`, code: 0 });
}
