/**
 * The gateway half of the fake Discord: HELLO, IDENTIFY -> READY + one GUILD_CREATE per server, RESUME -> RESUMED,
 * heartbeat ACKs, and dispatches. Plain JSON text frames: @discordjs/ws parses any text frame as
 * JSON whatever compression it asked for (platforms.md §8).
 */
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

export interface GatewayHooks {
  readyPayload(sessionId: string): unknown;
  /** One GUILD_CREATE per server the bot is in, sent after READY (the start-up burst). */
  guildCreatePayloads(): unknown[];
}

export interface GatewayFrame {
  readonly op: number;
  // biome-ignore lint/suspicious/noExplicitAny: frames as the client sent them
  readonly d: any;
}

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  /** How many times a session was established (IDENTIFY) or resumed (RESUME). */
  identifies = 0;
  resumes = 0;
  private readonly wss: WebSocketServer;
  private socket: WebSocket | undefined;
  private live = false;
  private seq = 0;
  private sessionId = '';
  private readonly queue: Array<{ t: string; d: unknown }> = [];
  private readonly heartbeatIntervalMs: number;
  private readonly hooks: GatewayHooks;
  private readonly waiters: Array<() => void> = [];

  constructor(server: Server, hooks: GatewayHooks, heartbeatIntervalMs: number) {
    this.hooks = hooks;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  /** Send a dispatch now, or as soon as a session is live again. */
  dispatch(t: string, d: unknown): void {
    if (this.live && this.socket) this.sendDispatch(this.socket, t, d);
    else this.queue.push({ t, d });
  }

  /** Close the current connection with `code` (4000: resumable; 1000: the client re-identifies). */
  drop(code = 4000): void {
    this.live = false;
    this.socket?.close(code, 'fake gateway drop');
  }

  /** Resolves when the next session goes live (READY or RESUMED). */
  nextLive(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  isLive(): boolean {
    return this.live;
  }

  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.socket = ws;
    this.live = false;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    ws.on('message', (data) => this.onFrame(ws, JSON.parse(String(data)) as GatewayFrame));
    ws.on('close', () => {
      if (this.socket === ws) this.live = false;
    });
  }

  private onFrame(ws: WebSocket, frame: GatewayFrame): void {
    this.frames.push(
      frame.op === 2 || frame.op === 6 ? { op: frame.op, d: { ...frame.d, token: '<redacted>' } } : frame,
    );
    if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
    if (frame.op === 2) {
      this.identifies += 1;
      this.seq = 0;
      this.sessionId = `fake-session-${this.identifies}`;
      this.sendDispatch(ws, 'READY', this.hooks.readyPayload(this.sessionId));
      for (const guild of this.hooks.guildCreatePayloads()) this.sendDispatch(ws, 'GUILD_CREATE', guild);
      this.goLive(ws);
    }
    if (frame.op === 6) {
      if (frame.d?.session_id !== this.sessionId) {
        ws.send(JSON.stringify({ op: 9, d: false })); // invalid session: the client must IDENTIFY again
        return;
      }
      this.resumes += 1;
      this.sendDispatch(ws, 'RESUMED', {});
      this.goLive(ws);
    }
  }

  private goLive(ws: WebSocket): void {
    this.live = true;
    for (const item of this.queue.splice(0)) this.sendDispatch(ws, item.t, item.d);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private sendDispatch(ws: WebSocket, t: string, d: unknown): void {
    this.seq += 1;
    ws.send(JSON.stringify({ op: 0, s: this.seq, t, d }));
  }
}
