/**
 * The TenantRouter: the one inbound port adapters attach when a deployment serves tenants. For
 * each event it resolves the tenant (single-team mode: always SINGLE_TENANT; workspaces mode: the
 * event's enterprise/team/guild, else the clicked message's tenant as the hub recorded it, else a
 * submitted form's context), then hands the event to the workspace desk (routes.ts) or to the
 * tenant's engine. A tenant with no ModelsLab account gets the rule and a Connect button, and
 * nothing is done. An event whose tenant cannot be told is refused without touching any tenant.
 */
import { helpReply } from '../admin/index.ts';
import type { FieldErrors } from '../shared/forms.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { MessageFormatter } from '../shared/i18n.ts';
import { type EventHandler, type InboundPort, type PendingEvent, TrackedInbound } from '../shared/inbound.ts';
import type { Clock, Logger, OnceStore, Responder } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';
import {
  isTenantId,
  platformOfTenant,
  SINGLE_TENANT,
  type Tenancy,
  type TenantId,
  tenantOfConversation,
} from '../shared/tenant.ts';
import type { Actor, ConversationRef, FormEvent, InboundEvent } from '../shared/types.ts';
import type { TenantDirectory, TenantEngines } from '../shared/workspace-ports.ts';
import { WORKSPACE_COMMANDS } from './commands.ts';
import { WorkspaceDesk } from './desk.ts';
import { textsOfActor } from './language.ts';
import {
  connectButton,
  notConnectedHome,
  notConnectedReply,
  unknownTenantHome,
  unknownTenantReply,
} from './not-connected.ts';
import { routeOf } from './routes.ts';

/** Slack retries a delivery for about 5 minutes; engines keep their own keys for theirs. */
const DESK_DEDUPE_MS = 10 * 60 * 1000;

export interface TenantRouterDeps {
  readonly tenancy: Tenancy;
  readonly engines: TenantEngines;
  readonly directory: TenantDirectory;
  /** Unscoped dedupe keys (`desk:<platform>:<event id>`): the desk's events belong to no engine. */
  readonly once: OnceStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sandbox: boolean;
  /**
   * The command table `/ml help` lists for a tenant not connected yet (pass
   * `ConversationEngine.commands`). Unset: help there lists the workspace commands only.
   */
  readonly commands?: readonly CommandSpec[];
  /**
   * Formats every answer the router and the desk give, in the actor's language: their locale,
   * else the tenant's `language` setting (a Discord server's locale, BOT_LANGUAGE), else English.
   */
  readonly messages: MessageFormatter;
}

/** Where the tenant came from: the event's own workspace, or a hint from elsewhere (permissions.ts). */
interface Resolved {
  readonly tenant: TenantId;
  readonly ownWorkspace: boolean;
}

export class TenantRouter implements InboundPort, EventHandler {
  readonly #deps: TenantRouterDeps;
  readonly #desk: WorkspaceDesk;
  readonly #inbound: TrackedInbound;

  constructor(deps: TenantRouterDeps) {
    this.#deps = deps;
    this.#desk = new WorkspaceDesk(deps);
    // A failure nobody foresaw is answered in the actor's language too (inbound.ts).
    this.#inbound = new TrackedInbound(this, deps.logger, { messages: deps.messages });
  }

  receive(event: InboundEvent | PendingEvent, responder: Responder): void {
    this.#inbound.receive(event, responder);
  }

  track(label: string, work: () => Promise<void>): void {
    this.#inbound.track(label, work);
  }

  idle(): Promise<void> {
    return this.#inbound.idle();
  }

  /** One event to the end (what `receive` runs after the ack; tests await it). */
  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    const resolved = await this.#resolve(event);
    if (!resolved) {
      if (!(await this.#claim(event))) return;
      this.#deps.logger.info({ platform: event.platform, kind: event.kind }, 'event refused: no tenant');
      await responder.reply(unknownTenantReply(await textsOfActor(this.#deps, undefined, event.actor)));
      return;
    }
    const { tenant } = resolved;
    if (routeOf(event) === 'desk') {
      if (!(await this.#claim(event))) return;
      await this.#desk.handle(event, tenant, responder, resolved.ownWorkspace);
      return;
    }
    const engine = await this.#deps.engines.engineFor(tenant);
    if (engine) {
      await engine.handle(event, responder);
      return;
    }
    if (!(await this.#claim(event))) return;
    await this.#notConnected(event, tenant, responder);
  }

  async checkForm(event: FormEvent): Promise<FieldErrors | undefined> {
    const resolved = await this.#resolve(event);
    if (!resolved) return undefined;
    if (routeOf(event) === 'engine') return (await this.#deps.engines.engineFor(resolved.tenant))?.checkForm?.(event);
    return this.#desk.checkForm(event, resolved.tenant);
  }

  async home(actor: Actor, where?: ConversationRef): Promise<readonly Reply[]> {
    const tenant = this.#deps.tenancy === 'single' ? SINGLE_TENANT : where ? tenantOfConversation(where) : undefined;
    if (!tenant) return unknownTenantHome(await textsOfActor(this.#deps, undefined, actor));
    const engine = await this.#deps.engines.engineFor(tenant);
    if (!engine) return notConnectedHome(await textsOfActor(this.#deps, tenant, actor), actor.platform);
    return engine.home ? engine.home(actor) : [];
  }

  async #resolve(event: InboundEvent): Promise<Resolved | undefined> {
    if (this.#deps.tenancy === 'single') return { tenant: SINGLE_TENANT, ownWorkspace: true };
    const own = tenantOfConversation(event.conversation);
    if (own) return { tenant: own, ownWorkspace: true };
    if (event.kind === 'action' && event.message) {
      const tenant = await this.#deps.engines.tenantOfMessage(event.platform, event.message);
      return tenant ? { tenant, ownWorkspace: false } : undefined;
    }
    // A form submitted where the platform names no workspace (a Discord DM): its context names
    // the tenant it was opened for. Never trusted for authorisation: only that tenant's
    // installer passes the desk's check from here.
    if (event.kind === 'form' && event.context && isTenantId(event.context)) {
      const tenant = event.context;
      if (platformOfTenant(tenant) === event.platform) return { tenant, ownWorkspace: false };
    }
    return undefined;
  }

  #claim(event: InboundEvent): Promise<boolean> {
    return this.#deps.once.claim(`desk:${event.platform}:${event.eventId}`, DESK_DEDUPE_MS);
  }

  /** Nothing is done for a tenant with no account; "Never mind" still closes its message, help still helps. */
  async #notConnected(event: InboundEvent, tenant: TenantId, responder: Responder): Promise<void> {
    if (event.kind === 'action' && event.action === 'dismiss') {
      await responder.dismiss?.();
      return;
    }
    const t = await textsOfActor(this.#deps, tenant, event.actor);
    const isHelp = event.kind === 'command' && event.command === 'ml' && /^\s*(help)?\s*$/i.test(event.text);
    if (!isHelp) {
      await responder.reply(notConnectedReply(t, event.platform));
      return;
    }
    const help = helpReply(t, this.#deps.commands ?? WORKSPACE_COMMANDS, event.platform);
    await responder.reply({
      ...help,
      text: t.t('workspace.help_not_connected', { help: help.text, rule: t.t('workspace.not_connected_rule') }),
      buttons: [connectButton(t)],
    });
  }
}
