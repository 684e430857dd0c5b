/**
 * Who and where the playground has: one workspace (today's playground, the default) or several
 * (`workspaces` option, for workspaces mode: each is its own tenant, `web:<id>`).
 *
 * Each workspace has its own channel and its own Riley, Avery (its admin) and Morgan, with ids of
 * their own, so every channel post, DM and click belongs to exactly one workspace, and a page
 * shows a person only their workspace's messages. In single mode nothing here changes what the
 * playground was: the channel `ml-billing` in workspace `playground`, and PEOPLE.
 */
import type { ConversationRef } from '../../src/core/shared/types.ts';
import { PEOPLE, type Person } from './people.ts';

export interface WorkspaceOption {
  readonly id: string;
  readonly name: string;
}

export interface WebWorkspace {
  readonly id: string;
  readonly name: string;
  /** The workspace's channel (every event from it carries `workspaceId: id`). */
  readonly channel: ConversationRef;
  readonly people: readonly Person[];
}

/** The one channel of the single playground. */
export const CHANNEL: ConversationRef = { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' };

/** Workspace ids become tenant ids (`web:<id>`) and person ids: the tenant id's alphabet, kept short. */
const WORKSPACE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export class PlaygroundWorld {
  /** True with the `workspaces` option: messages are tagged with their workspace. */
  readonly multi: boolean;
  readonly workspaces: readonly WebWorkspace[];
  readonly #people = new Map<string, Person>();
  readonly #byChannel = new Map<string, WebWorkspace>();

  constructor(options?: readonly WorkspaceOption[]) {
    this.multi = options !== undefined;
    this.workspaces =
      options === undefined
        ? [{ id: 'playground', name: 'mlbot playground', channel: CHANNEL, people: PEOPLE }]
        : build(options);
    for (const w of this.workspaces) {
      this.#byChannel.set(w.channel.channelId, w);
      for (const p of w.people) this.#people.set(p.id, p);
    }
  }

  person(id: unknown): Person | undefined {
    return typeof id === 'string' ? this.#people.get(id) : undefined;
  }

  workspaceOf(person: Person): WebWorkspace {
    return this.workspaces.find((w) => w.id === person.workspaceId) ?? (this.workspaces[0] as WebWorkspace);
  }

  /**
   * The workspace tag a message in `channelId` carries (workspaces mode): the channel's, or for a
   * DM its person's. Undefined in single mode (messages carry no tag, as before) or when unknown.
   */
  tagOfChannel(channelId: string): string | undefined {
    if (!this.multi) return undefined;
    if (channelId.startsWith('dm:')) return this.person(channelId.slice(3))?.workspaceId;
    return this.#byChannel.get(channelId)?.id;
  }

  /**
   * The channel a post to `to` lands in. Workspaces mode takes the single playground's name too:
   * `ml-billing` with a workspace (an ALERT_CHANNEL default of `web:ml-billing` that a new tenant
   * starts from) is that workspace's billing channel.
   */
  channelFor(to: ConversationRef): string {
    if (!this.multi || to.channelId !== CHANNEL.channelId || !to.workspaceId) return to.channelId;
    return this.workspaces.find((w) => w.id === to.workspaceId)?.channel.channelId ?? to.channelId;
  }

  displayName = (userId: string): string => this.person(userId)?.name ?? userId;
}

function build(options: readonly WorkspaceOption[]): WebWorkspace[] {
  if (options.length === 0) throw new Error('playground workspaces: give at least one workspace');
  const seen = new Set<string>();
  return options.map(({ id, name }) => {
    if (!WORKSPACE_ID.test(id))
      throw new Error(
        `playground workspace id "${id}" must be 1-40 letters, digits, "-" or "_", starting with a letter or digit`,
      );
    if (seen.has(id)) throw new Error(`playground workspace id "${id}" is given twice`);
    seen.add(id);
    const label = name.trim() || id;
    return {
      id,
      name: label,
      channel: { platform: 'web', channelId: `ml-billing-${id}`, workspaceId: id },
      // The same cast in every workspace, with ids of that workspace; Avery is its admin.
      people: PEOPLE.map((p) => ({
        ...p,
        id: `${id}-${p.name.toLowerCase()}`,
        role: p.isAdmin ? 'admin' : p.role,
        workspaceId: id,
      })),
    };
  });
}
