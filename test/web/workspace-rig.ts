/**
 * A playground with workspaces (or the single one) over HTTP, behind our own stand-in port: it
 * records every event, answers as a test scripts it, and checks forms as a test says (core's
 * `checkForm`). Its store and logger keep everything written, so a test can look for a secret.
 */
import { createPlayground, type Playground, type WebMessage, type WorkspaceOption } from '../../adapters/web/index.ts';
import type { FieldErrors } from '../../src/core/shared/forms.ts';
import { type InboundPort, type PendingEvent, TrackedInbound } from '../../src/core/shared/inbound.ts';
import type { KeyValueStore, Logger, Responder } from '../../src/core/shared/ports.ts';
import type { FormEvent, InboundEvent } from '../../src/core/shared/types.ts';
import { serve } from '../ops/serve.ts';
import { pageClient } from './page-client.ts';

export type Cleanups = Array<() => Promise<unknown> | unknown>;

export class StandInPort implements InboundPort {
  readonly events: InboundEvent[] = [];
  readonly checked: FormEvent[] = [];
  script: (event: InboundEvent, responder: Responder) => Promise<void> = async () => {};
  check: (event: FormEvent) => Promise<FieldErrors | undefined> = async () => undefined;
  readonly #inbound = new TrackedInbound(
    {
      handle: async (event, responder) => {
        this.events.push(event);
        await this.script(event, responder);
      },
    },
    capturingLogger([]),
  );

  receive(event: InboundEvent | PendingEvent, responder: Responder): void {
    this.#inbound.receive(event, responder);
  }
  track(label: string, work: () => Promise<void>): void {
    this.#inbound.track(label, work);
  }
  async checkForm(event: FormEvent): Promise<FieldErrors | undefined> {
    this.checked.push(event);
    return this.check(event);
  }
  idle(): Promise<void> {
    return this.#inbound.idle();
  }
}

/** A KeyValueStore that is a Map, so a test can read every value written. */
export class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  async get<T>(key: string): Promise<T | undefined> {
    const v = this.map.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.map.set(key, JSON.stringify(value));
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  dump(): string {
    return [...this.map].map(([k, v]) => `${k}=${v}`).join('\n');
  }
}

export function capturingLogger(lines: string[]): Logger {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(
        `${level} ${args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : JSON.stringify(a))).join(' ')}`,
      );
    };
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: () => logger,
  };
  return logger;
}

export const ACME_GLOBEX: readonly WorkspaceOption[] = [
  { id: 'acme', name: 'Acme' },
  { id: 'globex', name: 'Globex' },
];

export async function startWorkspacePlayground(
  cleanups: Cleanups,
  options: {
    workspaces?: readonly WorkspaceOption[] | undefined;
    approversFor?: (workspaceId: string | undefined) => Promise<readonly string[]>;
    store?: MapStore;
  } = {},
) {
  const logLines: string[] = [];
  const store = options.store ?? new MapStore();
  const playground: Playground = createPlayground({
    sandbox: true,
    logger: capturingLogger(logLines),
    store,
    ...(options.workspaces ? { workspaces: options.workspaces } : {}),
    ...(options.approversFor ? { approversFor: options.approversFor } : {}),
  });
  await playground.restore();
  const port = new StandInPort();
  playground.attach(port);
  const server = await serve(playground.handler);
  cleanups.push(server.close, () => playground.close());
  const { post, stream } = pageClient(server.url, cleanups);
  /** What `as` sees on connecting. */
  const seen = async (as: string): Promise<WebMessage[]> => {
    const s = await stream(as);
    const snapshot = s.events.find((e) => e.event === 'snapshot')!.data as WebMessage[];
    s.close();
    return snapshot;
  };
  return { playground, port, server, post, stream, seen, store, logLines };
}

export const textOf = (m: WebMessage) => m.reply.text.map((s) => ('t' in s ? s.t : s.m)).join('');
