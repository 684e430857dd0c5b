/**
 * The shape of a command or button handler. One file per command and per button action, in the
 * room of the operation it belongs to (fund/, subscriptions/, …); the two tables in
 * registry/commands.ts and registry/actions.ts map names to them, so a new command is a new file
 * plus one table line.
 */
import type { Texts } from './i18n.ts';
import type { Responder } from './ports.ts';
import type { EngineServices } from './services.ts';
import type { ActionEvent, ActionName, CommandEvent, Platform } from './types.ts';

export interface CommandContext {
  readonly s: EngineServices;
  readonly event: CommandEvent;
  /** The text after the command (after the sub-command for `/ml <sub>`). */
  readonly args: string;
  /** Answers the actor; sandbox-marked. */
  readonly respond: Responder;
  /** The actor's language (their platform locale, else the workspace's): private answers use it. */
  readonly t: Texts;
}

export interface CommandSpec {
  /** Name as typed after `/ml` (and the top-level command it stands for, if any). */
  readonly name: string;
  readonly usage: string;
  readonly example: string;
  readonly summary: string;
  /** Who may use it (help text, command registration): default everyone. */
  readonly audience?: 'everyone' | 'approvers' | 'admins';
  /** Where it exists (help lists it only there): default every platform. */
  readonly platforms?: readonly Platform[];
  run(ctx: CommandContext): Promise<void>;
}

export interface ActionContext {
  readonly s: EngineServices;
  readonly event: ActionEvent;
  readonly respond: Responder;
  /** The actor's language (their platform locale, else the workspace's): private answers use it. */
  readonly t: Texts;
}

export type ActionHandler = (ctx: ActionContext) => Promise<void>;

export type ActionTable = Partial<Record<ActionName, ActionHandler>>;
