/**
 * One context per Slack workspace the bot serves: a WebClient and a messenger holding THAT
 * workspace's bot token, its approvers (user groups expanded with its own token) and who its
 * admins are. Single-token mode has exactly one, built at start; OAuth mode builds one per
 * installed workspace on first use and re-reads the installation (token, installer, approvers)
 * every `ttlMs`, so a rotated token or an uninstall is picked up without a restart.
 */
import type { webApi } from '@slack/bolt';
import type { Clock, KeyValueStore, Logger, Messenger } from '../../src/core/shared/ports.ts';
import type { TextFormatter } from '../../src/core/shared/reply.ts';
import { type AdminDirectory, createAdminDirectory } from './admins.ts';
import { type ApproverDirectory, createApproverDirectory, FallbackApprovers } from './approvers.ts';
import { createSlackFormatter } from './format.ts';
import { SlackMessenger, type SlackMessengerOptions } from './messenger.ts';
import { createOriginCheck, type OriginCheck } from './origin.ts';
import type { UserInfoCache } from './user-info.ts';

type WebClient = webApi.WebClient;

/** A workspace: its team, and its enterprise only when the app is installed org-wide. */
export interface SlackWhere {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
}

export interface SlackWorkspace {
  readonly key: string;
  readonly client: WebClient;
  readonly messenger: SlackMessenger;
  readonly formatter: TextFormatter;
  isApprover(userId: string): Promise<boolean>;
  /** One of the fallback approvers (they decide escalated requests only; core's rule). */
  isFallbackApprover?(userId: string): Promise<boolean>;
  /** Undefined in single-token mode: nobody asked Slack, core decides without it. */
  isAdmin(userId: string): Promise<boolean | undefined>;
  /**
   * OAuth mode only: whether the person and the conversation are this workspace's (origin.ts).
   * Absent in single-token mode, where workspace-guard.ts refuses other teams with no call.
   */
  verifyOrigin?(userId: string, channelId: string | undefined): ReturnType<OriginCheck['verify']>;
}

/** What the installation store says about a workspace (OAuth mode). */
export interface InstalledWorkspace {
  readonly botToken: string;
  readonly installerUserId?: string | undefined;
}

export interface WorkspaceSetDeps {
  readonly clients: (token: string) => { readonly client: WebClient; readonly postClient: WebClient };
  /** The token (through Bolt's authorize, which refreshes a rotating one) and the installer. */
  readonly installed: (where: SlackWhere) => Promise<InstalledWorkspace>;
  /** The installer only, read from the store (no refresh: Bolt's authorize already ran for the event). */
  readonly installerOf: (where: SlackWhere) => Promise<string | undefined>;
  readonly approversFor: (where: SlackWhere) => Promise<readonly string[]>;
  /** The workspace's fallback approvers (issue 17 escalation); none when absent. */
  readonly fallbackApproversFor?: ((where: SlackWhere) => Promise<readonly string[]>) | undefined;
  readonly messengerOptions: Omit<SlackMessengerOptions, 'postClient' | 'postJournal'>;
  readonly postJournal?: KeyValueStore | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly groupCacheMs?: number | undefined;
  readonly ttlMs?: number;
  /** The adapter's users.info cache, shared with the locale lookup (one call per person). */
  readonly users?: UserInfoCache | undefined;
}

export function workspaceKey(where: SlackWhere): string | undefined {
  if (where.enterpriseId) return `E:${where.enterpriseId}`;
  return where.teamId ? `T:${where.teamId}` : undefined;
}

const TTL_MS = 60_000;

/** Post keys of one workspace under its own prefix: nothing of A's journal is read for B. */
function scopedKv(kv: KeyValueStore, prefix: string): KeyValueStore {
  return {
    get: (k) => kv.get(prefix + k),
    set: (k, v, ttl) => kv.set(prefix + k, v, ttl),
    delete: (k) => kv.delete(prefix + k),
  };
}

class InstalledContext implements SlackWorkspace {
  readonly key: string;
  readonly token: string;
  readonly client: WebClient;
  readonly messenger: SlackMessenger;
  readonly formatter: TextFormatter;
  installerUserId: string | undefined;
  /** Resolves once the installer is known (a context made in a listener reads it in the background). */
  installerLoaded: Promise<void> = Promise.resolve();
  checkedAt: number;
  #approverIds: readonly string[] = [];
  #approvers: ApproverDirectory;
  readonly #fallback: FallbackApprovers;
  readonly #admins: AdminDirectory;
  readonly #origin: OriginCheck;
  readonly #deps: WorkspaceSetDeps;
  readonly #where: SlackWhere;

  constructor(key: string, where: SlackWhere, token: string, deps: WorkspaceSetDeps) {
    this.key = key;
    this.token = token;
    this.#where = where;
    this.#deps = deps;
    const { client, postClient } = deps.clients(token);
    this.client = client;
    this.#fallback = new FallbackApprovers(
      async () => (deps.fallbackApproversFor ? deps.fallbackApproversFor(where) : []),
      (ids) => this.#directory(ids),
    );
    this.formatter = {
      ...createSlackFormatter([]),
      approvers: () => createSlackFormatter(this.#approverIds).approvers(),
      fallback: () => createSlackFormatter(this.#approverIds, () => this.#fallback.ids).fallback?.() ?? '',
    };
    this.#approvers = this.#directory([]);
    // The shared users.info cache: the admin flag, the origin check and the language read one record.
    this.#admins = createAdminDirectory(client, {
      clock: deps.clock,
      logger: deps.logger,
      workspace: key,
      ...(deps.users ? { users: deps.users } : {}),
    });
    this.#origin = createOriginCheck(client, this.#admins, where, { clock: deps.clock });
    this.messenger = new SlackMessenger(client, this.formatter, {
      ...deps.messengerOptions,
      postClient,
      ...(deps.postJournal ? { postJournal: scopedKv(deps.postJournal, `slack:${key}:`) } : {}),
    });
    this.checkedAt = deps.clock.now();
  }

  #directory(ids: readonly string[]): ApproverDirectory {
    return createApproverDirectory(ids, this.client, {
      clock: this.#deps.clock,
      logger: this.#deps.logger,
      ...(this.#deps.groupCacheMs !== undefined ? { cacheMs: this.#deps.groupCacheMs } : {}),
    });
  }

  async refreshApprovers(): Promise<void> {
    await this.#fallback.refresh();
    const ids = await this.#deps.approversFor(this.#where);
    if (ids.join(',') === this.#approverIds.join(',')) return;
    this.#approverIds = [...ids];
    this.#approvers = this.#directory(ids);
  }

  async isApprover(userId: string): Promise<boolean> {
    await this.refreshApprovers();
    return this.#approvers.isApprover(userId);
  }

  isFallbackApprover(userId: string): Promise<boolean> {
    return this.#fallback.isFallbackApprover(userId);
  }

  async isAdmin(userId: string): Promise<boolean> {
    await this.installerLoaded;
    if (this.installerUserId === userId) return true;
    return this.#admins.isAdmin(userId);
  }

  verifyOrigin(userId: string, channelId: string | undefined): ReturnType<OriginCheck['verify']> {
    return this.#origin.verify(userId, channelId);
  }
}

/** Every installed workspace's context (OAuth mode). */
export class WorkspaceSet {
  readonly #deps: WorkspaceSetDeps;
  readonly #byKey = new Map<string, InstalledContext>();
  readonly #ttl: number;

  constructor(deps: WorkspaceSetDeps) {
    this.#deps = deps;
    this.#ttl = deps.ttlMs ?? TTL_MS;
  }

  /**
   * In a listener: Bolt's authorize already fetched the token (context.botToken). Same token as
   * the cached context: reuse it; a rotated token: a fresh context.
   */
  forEvent(where: SlackWhere, botToken: string): InstalledContext {
    const key = workspaceKey(where) ?? 'unknown';
    const known = this.#byKey.get(key);
    if (known && known.token === botToken) return known;
    const ctx = new InstalledContext(key, where, botToken, this.#deps);
    this.#byKey.set(key, ctx);
    if (known) ctx.installerUserId = known.installerUserId;
    else ctx.installerLoaded = this.#loadInstaller(ctx, where);
    return ctx;
  }

  /** Outside a listener (the engine posting a receipt): through the installation store. */
  async resolve(where: SlackWhere): Promise<InstalledContext> {
    const key = workspaceKey(where);
    if (!key) throw new Error('a Slack workspace needs a team or enterprise id');
    const known = this.#byKey.get(key);
    if (known && this.#deps.clock.now() - known.checkedAt < this.#ttl) return known;
    const installed = await this.#deps.installed(where);
    const ctx =
      known && known.token === installed.botToken
        ? known
        : new InstalledContext(key, where, installed.botToken, this.#deps);
    ctx.installerUserId = installed.installerUserId;
    ctx.checkedAt = this.#deps.clock.now();
    this.#byKey.set(key, ctx);
    // Cards posted outside any event (a restart, the watcher) mention the current approvers.
    await ctx
      .refreshApprovers()
      .catch((err: unknown) =>
        this.#deps.logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'could not read the approvers',
        ),
      );
    return ctx;
  }

  async #loadInstaller(ctx: InstalledContext, where: SlackWhere): Promise<void> {
    try {
      ctx.installerUserId = await this.#deps.installerOf(where);
    } catch (err) {
      this.#deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not read the installer');
    }
  }

  /** The workspace was uninstalled or its tokens revoked: forget everything cached for it. */
  forget(where: SlackWhere): void {
    const key = workspaceKey(where);
    if (!key) return;
    this.#byKey.get(key)?.messenger.stop();
    this.#byKey.delete(key);
  }

  stop(): void {
    for (const ctx of this.#byKey.values()) ctx.messenger.stop();
  }

  /** The engine's Messenger for one workspace: every call resolves that workspace's token first. */
  messengerFor(where: SlackWhere): Messenger {
    return {
      platform: 'slack',
      post: async (to, reply, options) => (await this.resolve(where)).messenger.post(to, reply, options),
      update: async (message, reply) => (await this.resolve(where)).messenger.update(message, reply),
      dm: async (user, reply) => (await this.resolve(where)).messenger.dm(user, reply),
    };
  }
}
