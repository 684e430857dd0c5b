/**
 * Which tenant a bot message belongs to. A click on a Discord DM carries no guild, so the router
 * asks the hub (`tenantOfMessage`); the hub answers from this index, which every tenant's
 * messengers write as they post and DM. Root kv, 30 days (a DM's buttons older than that answer
 * "this message is too old" through the router).
 */
import type { KeyValueStore, Logger, Messenger, MessengerRegistry } from '../core/shared/ports.ts';
import type { TenantId } from '../core/shared/tenant.ts';
import type { MessageRef, Platform } from '../core/shared/types.ts';

export const MESSAGE_INDEX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const key = (platform: Platform, m: Pick<MessageRef, 'channelId' | 'messageId'>) =>
  `msg-tenant:${platform}:${m.channelId}:${m.messageId}`;

export class MessageIndex {
  readonly #kv: KeyValueStore;
  readonly #logger: Logger;

  constructor(kv: KeyValueStore, logger: Logger) {
    this.#kv = kv;
    this.#logger = logger;
  }

  async tenantOf(platform: Platform, message: MessageRef): Promise<TenantId | undefined> {
    return this.#kv.get<TenantId>(key(platform, message));
  }

  /** The tenant's messengers, each recording what it posts and DMs under `tenant`. */
  recording(tenant: TenantId, messengers: MessengerRegistry): MessengerRegistry {
    const out = new Map<Platform, Messenger>();
    for (const [platform, m] of messengers) out.set(platform, this.#wrap(tenant, m));
    return out;
  }

  #wrap(tenant: TenantId, inner: Messenger): Messenger {
    const record = async (ref: MessageRef): Promise<MessageRef> => {
      try {
        await this.#kv.set<TenantId>(key(inner.platform, ref), tenant, MESSAGE_INDEX_TTL_MS);
      } catch (err) {
        // The message is out: failing here would make the engine post it again. A click on it
        // without a workspace then gets the router's "not found" answer.
        this.#logger.warn({ err, tenant }, 'could not index a posted message');
      }
      return ref;
    };
    return {
      platform: inner.platform,
      post: async (to, reply, options) => record(await inner.post(to, reply, options)),
      update: (message, reply) => inner.update(message, reply),
      dm: async (user, reply) => record(await inner.dm(user, reply)),
    };
  }
}
