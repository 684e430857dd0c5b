/**
 * Slack's side of a Socket Mode connection: `hello` on connect, envelopes pushed to the app,
 * and the app's acks (`{envelope_id, payload?}`) collected.
 */
import type { WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: unknown;
  readonly at: number;
}

export class FakeSocketMode {
  readonly #sockets = new Set<WebSocket>();
  readonly #acks: SocketAck[] = [];
  #counter = 0;

  constructor(wss: WebSocketServer) {
    wss.on('connection', (ws) => {
      this.#sockets.add(ws);
      ws.on('close', () => this.#sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.#acks.push({ envelope_id: msg.envelope_id, payload: msg.payload, at: Date.now() });
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.#sockets.size,
          debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0FAKE' },
        }),
      );
    });
  }

  connections(): number {
    return this.#sockets.size;
  }

  /** Send one envelope to every connected app; returns its envelope_id. */
  push(type: EnvelopeType, payload: unknown): string {
    this.#counter += 1;
    const envelopeId = `env-${this.#counter}`;
    const frame = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
      retry_reason: '',
    });
    for (const ws of this.#sockets) ws.send(frame);
    return envelopeId;
  }

  acks(): readonly SocketAck[] {
    return this.#acks;
  }

  ackFor(envelopeId: string): SocketAck | undefined {
    return this.#acks.find((a) => a.envelope_id === envelopeId);
  }

  closeAll(): void {
    for (const ws of this.#sockets) ws.terminate();
    this.#sockets.clear();
  }
}
