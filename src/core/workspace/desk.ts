/**
 * The workspace desk: the events about the workspace itself rather than its money (routes.ts):
 * `/ml connect` / `disconnect` / `settings`, the Connect, Edit and Disconnect buttons, and every
 * form submission. The router hands it the resolved tenant; each operation is its own file.
 */
import type { FieldErrors } from '../shared/forms.ts';
import { type MessageFormatter, textsFor } from '../shared/i18n.ts';
import { Outbox } from '../shared/outbox.ts';
import type { Clock, Logger, Responder } from '../shared/ports.ts';
import type { Tenancy, TenantId } from '../shared/tenant.ts';
import type { Actor, FormEvent, InboundEvent } from '../shared/types.ts';
import type { TenantDirectory } from '../shared/workspace-ports.ts';
import { connectErrors, openConnect, submitConnect } from './connect.ts';
import type { DeskContext } from './desk-context.ts';
import { askDisconnect, confirmDisconnect } from './disconnect.ts';
import { textsOfActor } from './language.ts';
import { deskCommandOf } from './routes.ts';
import { openSettingsForm, settingsErrors, showSettings, submitSettings } from './settings.ts';

export interface WorkspaceDeskDeps {
  readonly tenancy: Tenancy;
  readonly directory: TenantDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sandbox: boolean;
  /** Formats the desk's answers in the actor's language (language.ts). */
  readonly messages: MessageFormatter;
}

export class WorkspaceDesk {
  readonly #deps: WorkspaceDeskDeps;
  readonly #outbox: Outbox;

  constructor(deps: WorkspaceDeskDeps) {
    this.#deps = deps;
    // Only the sandbox marking: the desk posts nothing in channels.
    this.#outbox = new Outbox(new Map(), deps.sandbox);
  }

  /**
   * Handle one desk event for `tenant`. `adminFlagApplies`: the tenant is the event's own
   * workspace, so the adapter's `isAdmin` speaks of it (permissions.ts).
   */
  async handle(event: InboundEvent, tenant: TenantId, responder: Responder, adminFlagApplies: boolean): Promise<void> {
    const ctx = await this.#context(tenant, event.actor, responder, adminFlagApplies);
    if (event.kind === 'form') {
      if (event.form === 'connect') await submitConnect(ctx, event);
      else await submitSettings(ctx, event);
      return;
    }
    if (event.kind === 'action') {
      if (event.action === 'connect') await openConnect(ctx, event);
      else if (event.action === 'settings') await openSettingsForm(ctx, event);
      else if (event.action === 'disconnect') await confirmDisconnect(ctx, event);
      return;
    }
    const command = deskCommandOf(event);
    if (command === 'connect') await openConnect(ctx, event);
    else if (command === 'disconnect') await askDisconnect(ctx, event);
    else if (command === 'settings') await showSettings(ctx, event);
  }

  /** Inline errors for a submitted form, before the adapter acks it; undefined: valid. */
  async checkForm(event: FormEvent, tenant: TenantId): Promise<FieldErrors | undefined> {
    const ctx = await this.#context(tenant, event.actor, { reply: async () => {} }, false);
    if (event.form === 'connect') return connectErrors(ctx.t, event.values);
    return settingsErrors(ctx, event);
  }

  async #context(
    tenant: TenantId,
    actor: Actor,
    responder: Responder,
    adminFlagApplies: boolean,
  ): Promise<DeskContext> {
    const t = await textsOfActor(this.#deps, tenant, actor);
    const decorated = this.#outbox.responder(responder, t);
    const openForm = responder.openForm?.bind(responder);
    return {
      ...this.#deps,
      tenant,
      adminFlagApplies,
      t,
      english: textsFor(this.#deps.messages, 'en'),
      // The outbox's responder keeps reply/replace/dismiss; forms pass straight through.
      respond: openForm ? { ...decorated, openForm } : decorated,
    };
  }
}
