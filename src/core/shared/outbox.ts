/**
 * Every message the engine sends leaves through here: the platform's Messenger for channel
 * posts, card edits and DMs, the event's Responder for answers to the actor. In sandbox mode
 * each Reply gets a context line saying the payments are simulated, so nobody mistakes a demo
 * receipt for a real one.
 */
import { BotError } from './errors.ts';
import type { Messenger, MessengerRegistry, Responder } from './ports.ts';
import type { Reply } from './reply.ts';
import type { Platform } from './types.ts';

export const SANDBOX_LINE = 'SANDBOX · simulated payments';

export class Outbox {
  readonly #messengers: MessengerRegistry;
  readonly #sandbox: boolean;

  constructor(messengers: MessengerRegistry, sandbox: boolean) {
    this.#messengers = messengers;
    this.#sandbox = sandbox;
  }

  decorate(reply: Reply): Reply {
    if (!this.#sandbox) return reply;
    return { ...reply, context: [...(reply.context ?? []), SANDBOX_LINE] };
  }

  messenger(platform: Platform): Messenger {
    const inner = this.#messengers.get(platform);
    if (!inner) throw new BotError('messenger_failed', `no messenger for platform ${platform}`);
    return {
      platform,
      post: (to, reply, options) => inner.post(to, this.decorate(reply), options),
      update: (message, reply) => inner.update(message, this.decorate(reply)),
      dm: (user, reply) => inner.dm(user, this.decorate(reply)),
    };
  }

  responder(inner: Responder): Responder {
    const replaceOriginal = inner.replaceOriginal?.bind(inner);
    const dismiss = inner.dismiss?.bind(inner);
    // Forms pass straight through: a form is no message, there is nothing to mark.
    const openForm = inner.openForm?.bind(inner);
    return {
      reply: (reply) => inner.reply(this.decorate(reply)),
      ...(replaceOriginal ? { replaceOriginal: (reply: Reply) => replaceOriginal(this.decorate(reply)) } : {}),
      ...(dismiss ? { dismiss } : {}),
      ...(openForm ? { openForm } : {}),
    };
  }
}
