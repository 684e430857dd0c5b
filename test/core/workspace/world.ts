/**
 * A TenantRouter over fakes of the two workspace ports (core owns TenantDirectory and
 * TenantEngines, so these are ours to fake): a directory of tenants in memory whose token check
 * answers what each test scripts, and engines that record what reached them. Helpers send
 * commands, clicks and form submissions the way an adapter would, through `handle`.
 */
import type { AuditEntry } from '../../../src/core/requests/request.ts';
import type { FormName, FormSpec, FormValues } from '../../../src/core/shared/forms.ts';
import { ManualClock } from '../../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../../src/core/shared/policy.ts';
import type { AuditLog, Responder } from '../../../src/core/shared/ports.ts';
import type { Reply } from '../../../src/core/shared/reply.ts';
import type { Tenancy, TenantId } from '../../../src/core/shared/tenant.ts';
import type {
  ActionName,
  Actor,
  ConversationRef,
  InboundEvent,
  MessageRef,
  Platform,
  UserRef,
} from '../../../src/core/shared/types.ts';
import type {
  TenantDirectory,
  TenantEngine,
  TenantEngines,
  TenantSettings,
  TenantStatus,
  TokenCheck,
} from '../../../src/core/shared/workspace-ports.ts';
import { defaultSettings, TenantRouter } from '../../../src/core/workspace/index.ts';
import { createMessageFormatter } from '../../../src/i18n/icu-formatter.ts';
import { recordingLogger } from '../../billing/recording-logger.ts';
import { MemoryOnce } from '../fakes.ts';

export class FakeDirectory implements TenantDirectory {
  readonly tenancy: Tenancy;
  readonly connected = new Map<TenantId, { token: string; by: UserRef }>();
  readonly installers = new Map<TenantId, string>();
  readonly saved = new Map<TenantId, TenantSettings>();
  readonly audits = new Map<TenantId, AuditEntry[]>();
  /** What checkToken answers (or throws). */
  check: (token: string) => Promise<TokenCheck> = async () => ({ ok: true, balanceCents: 12_345 });
  connectFails: Error | undefined;
  readonly calls: string[] = [];

  constructor(tenancy: Tenancy) {
    this.tenancy = tenancy;
  }

  async status(tenant: TenantId): Promise<TenantStatus> {
    const installerId = this.installers.get(tenant);
    return {
      tenant,
      connected: this.tenancy === 'single' || this.connected.has(tenant),
      ...(installerId ? { installerId } : {}),
    };
  }
  async checkToken(token: string): Promise<TokenCheck> {
    this.calls.push('checkToken');
    return this.check(token);
  }
  async connect(tenant: TenantId, token: string, by: UserRef): Promise<void> {
    this.calls.push('connect');
    if (this.connectFails) throw this.connectFails;
    this.connected.set(tenant, { token, by });
  }
  async disconnect(tenant: TenantId): Promise<boolean> {
    this.calls.push('disconnect');
    return this.connected.delete(tenant);
  }
  async settings(tenant: TenantId): Promise<TenantSettings> {
    return this.saved.get(tenant) ?? DEFAULTS;
  }
  async saveSettings(tenant: TenantId, next: TenantSettings): Promise<void> {
    this.calls.push('saveSettings');
    this.saved.set(tenant, next);
  }
  audit(tenant: TenantId): AuditLog {
    const entries = this.audits.get(tenant) ?? [];
    this.audits.set(tenant, entries);
    return {
      append: async (e) => {
        entries.push(e);
      },
      list: async (since) => entries.filter((e) => e.at >= since),
    };
  }
}

export const DEFAULTS: TenantSettings = defaultSettings(makePolicy({ approvalThresholdCents: 0 }), {
  approvers: { slack: ['U0BOSS'], discord: ['123456789012345678'] },
});

/** Engines for the directory's connected tenants, each recording the events it got. */
export class FakeEngines implements TenantEngines {
  readonly directory: FakeDirectory;
  readonly handled: { tenant: TenantId; event: InboundEvent }[] = [];
  readonly messages = new Map<string, TenantId>();
  readonly started: TenantId[] = [];

  constructor(directory: FakeDirectory) {
    this.directory = directory;
  }

  async engineFor(tenant: TenantId): Promise<TenantEngine | undefined> {
    if (!(await this.directory.status(tenant)).connected) return undefined;
    this.started.push(tenant);
    return {
      handle: async (event, responder) => {
        this.handled.push({ tenant, event });
        await responder.reply({ text: `engine of ${tenant} handled ${event.kind}`, ephemeral: true });
      },
      home: async () => [{ text: `home of ${tenant}` }],
    };
  }

  async tenantOfMessage(platform: Platform, message: MessageRef): Promise<TenantId | undefined> {
    return this.messages.get(`${platform}:${message.channelId}:${message.messageId}`);
  }
}

/** A responder recording replies and forms; `forms: false` stands for a platform that cannot show one. */
export function recordingResponder(options: { forms?: boolean | 'throws'; canReplace?: boolean } = {}) {
  const replies: Reply[] = [];
  const replaced: Reply[] = [];
  const forms: FormSpec[] = [];
  const dismissed: number[] = [];
  const responder: Responder = {
    reply: async (r) => {
      replies.push(r);
    },
    dismiss: async () => {
      dismissed.push(1);
    },
    ...(options.canReplace
      ? {
          replaceOriginal: async (r: Reply) => {
            replaced.push(r);
          },
        }
      : {}),
    ...(options.forms === false
      ? {}
      : {
          openForm: async (f: FormSpec) => {
            if (options.forms === 'throws') throw new Error('trigger_id expired');
            forms.push(f);
          },
        }),
  };
  return { responder, replies, replaced, forms, dismissed };
}

export const SLACK_TEAM = 'T0ACME';
export const admin: Actor = { platform: 'slack', id: 'U0ADMIN', name: 'ada', isApprover: true, isAdmin: true };
export const member: Actor = { platform: 'slack', id: 'U0MEMBER', name: 'max', isApprover: false, isAdmin: false };
export const installer: Actor = { platform: 'slack', id: 'U0INSTALL', name: 'ian', isApprover: false, isAdmin: false };

export function world(tenancy: Tenancy = 'workspaces', options: { sandbox?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0));
  const directory = new FakeDirectory(tenancy);
  const engines = new FakeEngines(directory);
  const { logger, lines } = recordingLogger();
  const router = new TenantRouter({
    tenancy,
    engines,
    directory,
    once: new MemoryOnce(),
    clock,
    logger,
    sandbox: options.sandbox ?? false,
    messages: createMessageFormatter(),
  });
  let seq = 0;
  /** `null`: a conversation whose platform names no workspace (a Discord DM). */
  const where = (platform: Platform = 'slack', workspaceId: string | null = SLACK_TEAM): ConversationRef => ({
    platform,
    channelId: platform === 'discord' ? '223456789012345678' : 'C0GENERAL',
    ...(workspaceId !== null ? { workspaceId } : {}),
  });
  const base = (actor: Actor, conversation: ConversationRef) => ({
    platform: actor.platform,
    eventId: `ev${++seq}`,
    actor,
    conversation,
    receivedAt: clock.now(),
  });

  async function send(event: InboundEvent, options: Parameters<typeof recordingResponder>[0] = {}) {
    const r = recordingResponder(options);
    await router.handle(event, r.responder);
    return r;
  }

  const command = (
    actor: Actor,
    text: string,
    conversation = where(actor.platform),
    cmd: 'ml' | 'fund' | 'subscribe' | 'balance' = 'ml',
  ) => ({ ...base(actor, conversation), kind: 'command', command: cmd, text }) as const;

  const action = (
    actor: Actor,
    act: ActionName,
    value: string,
    conversation = where(actor.platform),
    message?: MessageRef,
  ) => ({ ...base(actor, conversation), kind: 'action', action: act, value, ...(message ? { message } : {}) }) as const;

  const form = (
    actor: Actor,
    name: FormName,
    values: FormValues,
    conversation = where(actor.platform),
    context?: string,
  ) => ({ ...base(actor, conversation), kind: 'form', form: name, values, ...(context ? { context } : {}) }) as const;

  return { router, directory, engines, clock, lines, where, send, command, action, form };
}

export const TENANT = `slack:${SLACK_TEAM}`;

/** Everything a reply shows, as one string. */
export function shown(replies: readonly Reply[]): string {
  return JSON.stringify(replies);
}
