/**
 * Who may approve: SLACK_APPROVERS lists user ids (`U…`/`W…`) and user-group ids (`S…`).
 * Groups are expanded with `usergroups.users.list` (scope `usergroups:read`) and cached for a
 * few minutes, so a click costs no API call most of the time and a membership change still
 * lands without a restart. The rule "only approvers approve" lives in core; this is the lookup.
 */
import type { Clock, Logger } from '../../src/core/shared/ports.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { isSlackGroupId, isSlackUserId } from './format.ts';

export interface UserGroupsApi {
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> };
  };
}

export interface ApproverDirectory {
  /** The configured ids, for `MENTION_APPROVERS`. */
  readonly ids: readonly string[];
  isApprover(userId: string): Promise<boolean>;
}

const GROUP_CACHE_MS = 5 * 60_000;

export function createApproverDirectory(
  ids: readonly string[],
  api: UserGroupsApi,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly cacheMs?: number },
): ApproverDirectory {
  const users = new Set(ids.filter(isSlackUserId));
  const groups = ids.filter(isSlackGroupId);
  const unknown = ids.filter((id) => !isSlackUserId(id) && !isSlackGroupId(id));
  if (unknown.length > 0)
    deps.logger.warn({ ids: unknown }, 'SLACK_APPROVERS entries are neither user (U…/W…) nor group (S…) ids; ignored');
  const cacheMs = deps.cacheMs ?? GROUP_CACHE_MS;
  const cache = new Map<string, { members: ReadonlySet<string>; at: number }>();

  async function members(group: string): Promise<ReadonlySet<string>> {
    const hit = cache.get(group);
    const now = deps.clock.now();
    if (hit && now - hit.at < cacheMs) return hit.members;
    try {
      const res = await api.usergroups.users.list({ usergroup: group });
      const set = new Set(res.users ?? []);
      cache.set(group, { members: set, at: now });
      return set;
    } catch (err) {
      // Fail closed for this click, but keep a stale list if we had one: a Slack hiccup should
      // not lock every approver out.
      deps.logger.warn({ err, group }, 'could not list user group members');
      return hit?.members ?? new Set();
    }
  }

  return {
    ids,
    async isApprover(userId) {
      if (users.has(userId)) return true;
      for (const g of groups) if ((await members(g)).has(userId)) return true;
      return false;
    },
  };
}

/**
 * The fallback approvers (TenantSettings.fallbackApprovers.slack; issue 17): the same users and
 * groups lookup as the approvers, with the ids re-read through `idsFor` so a settings change lands
 * without a restart. `ids` is the last list read, for MENTION_FALLBACK in posts outside events.
 */
export class FallbackApprovers {
  #ids: readonly string[] = [];
  #directory: ApproverDirectory | undefined;
  readonly #idsFor: () => Promise<readonly string[]>;
  readonly #make: (ids: readonly string[]) => ApproverDirectory;

  constructor(idsFor: () => Promise<readonly string[]>, make: (ids: readonly string[]) => ApproverDirectory) {
    this.#idsFor = idsFor;
    this.#make = make;
  }

  get ids(): readonly string[] {
    return this.#ids;
  }

  async refresh(): Promise<void> {
    const ids = await this.#idsFor();
    if (this.#directory && ids.join(',') === this.#ids.join(',')) return;
    this.#ids = [...ids];
    this.#directory = this.#make(ids);
  }

  async isFallbackApprover(userId: string): Promise<boolean> {
    await this.refresh();
    return this.#directory ? this.#directory.isApprover(userId) : false;
  }
}

/** The event with `actor.isFallbackApprover` set when the adapter found the actor in the fallback list. */
export function withFallbackApprover<E extends { readonly actor: Actor }>(
  event: E | undefined,
  isFallback: boolean,
): E | undefined {
  return event && isFallback ? { ...event, actor: { ...event.actor, isFallbackApprover: true } } : event;
}
