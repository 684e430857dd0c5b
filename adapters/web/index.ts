/**
 * The playground: a local browser chat that drives the same engine, store and watcher as Slack
 * and Discord, so a newcomer can watch a whole fund flow without any workspace or account.
 * A third adapter on the same seam: a Messenger for the engine's posts, and inbound events
 * (`platform: 'web'`) handed to core's inbound port. It holds no rule of its own.
 *
 * Mounted by the app at `/` (the router's fallback); the simulator's checkout pages live at
 * `/sandbox`. Whether it runs at all (loopback only, never beside a real ModelsLab token unless
 * explicitly enabled) is the config's decision; this factory just obeys `enabled`.
 */
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { KeyValueStore, Logger, Messenger, Metrics } from '../../src/core/shared/ports.ts';
import type { HttpHandler } from '../../src/http/router.ts';
import { ConversationLog } from './conversation-log.ts';
import { KeyValueConversationStorage } from './conversation-store.ts';
import { OpenForms } from './forms.ts';
import { createPlaygroundHttp } from './http.ts';
import { type ApproversFor, PlaygroundInbound } from './inbound.ts';
import { WebMessenger } from './messenger.ts';
import type { WebWorkspace } from './workspaces.ts';
import { PlaygroundWorld, type WorkspaceOption } from './workspaces.ts';

export type { WebMessage } from './conversation-log.ts';
export type { WebForm, WebFormField } from './forms.ts';
export type { ApproversFor } from './inbound.ts';
export { findPerson, PEOPLE, type Person } from './people.ts';
export { CHANNEL, type WebWorkspace, type WorkspaceOption } from './workspaces.ts';

export interface PlaygroundOptions {
  /** Show the SANDBOX marker on every page. */
  readonly sandbox: boolean;
  readonly logger: Logger;
  /** When false the handler answers 404 everywhere. Default true. */
  readonly enabled?: boolean;
  readonly metrics?: Metrics;
  /** Messages kept for pages that connect later. Default 500. */
  readonly historyLimit?: number;
  readonly now?: () => number;
  /**
   * Where the conversation is kept across restarts (the app passes the store's, so
   * `STORE_URL=memory://` keeps it in memory). Without one it lives as long as the process.
   */
  readonly store?: KeyValueStore;
  /**
   * Workspaces mode: one playground workspace per entry (tenant `web:<id>`), each with its own
   * channel (`ml-billing-<id>`) and its own Riley, Avery (its admin) and Morgan (`<id>-riley`, …),
   * and a switcher on the page. Unset: the single playground, as before.
   */
  readonly workspaces?: readonly WorkspaceOption[];
  /**
   * People ids who approve in a workspace (undefined in the single playground); asked for each
   * event after the ack. Default: today's rule (Avery).
   */
  readonly approversFor?: ApproversFor;
  /** Issue 17: people ids of a workspace's fallback approvers (undefined: the single playground). */
  readonly fallbackApproversFor?: ApproversFor;
}

export interface Playground {
  readonly messenger: Messenger;
  /** Core's inbound port (the engine): every acked command and click goes there. */
  attach(port: InboundPort): void;
  /** Read the kept conversation back (start-up, before the engine runs); resolves to how many messages. */
  restore(): Promise<number>;
  readonly handler: HttpHandler;
  /** The workspaces the page offers (one, `playground`, in the single playground). */
  readonly workspaces: readonly WebWorkspace[];
  /** Resolves once the attached port has nothing in flight (tests; shutdown awaits the engine's). */
  idle(): Promise<void>;
  /** Shutdown: refuse new commands and clicks (503) and end the open event streams. */
  close(): void;
}

export function createPlayground(options: PlaygroundOptions): Playground {
  const now = options.now ?? Date.now;
  const storage = options.store ? new KeyValueConversationStorage(options.store) : undefined;
  const log = new ConversationLog(options.historyLimit ?? 500, storage);
  const world = new PlaygroundWorld(options.workspaces);
  const forms = new OpenForms(now);
  const inbound = new PlaygroundInbound({
    log,
    logger: options.logger,
    metrics: options.metrics,
    now,
    world,
    forms,
    approversFor: options.approversFor,
    fallbackApproversFor: options.fallbackApproversFor,
  });
  const http = createPlaygroundHttp({
    log,
    inbound,
    forms,
    sandbox: options.sandbox,
    enabled: options.enabled ?? true,
  });
  return {
    messenger: new WebMessenger(log, now, world, options.fallbackApproversFor),
    workspaces: world.workspaces,
    attach: (port) => inbound.attach(port),
    restore: () => log.restore(),
    handler: http.handler,
    idle: () => inbound.idle(),
    close: () => http.close(),
  };
}
