/**
 * Every message the engine sends leaves through here: the platform's Messenger for channel
 * posts, card edits and DMs, the event's Responder for answers to the actor. In sandbox mode
 * each Reply gets a context line saying the payments are simulated, so nobody mistakes a demo
 * receipt for a real one.
 */
import { BotError } from './errors.ts';
import type { Texts } from './i18n.ts';
import { EN } from './messages/en/index.ts';
import type { Messenger, MessengerRegistry, Responder } from './ports.ts';
import type { Reply } from './reply.ts';
import type { Platform } from './types.ts';

/** The sandbox marker in English (the catalog's `common.sandbox_marker`). */
export const SANDBOX_LINE = EN['common.sandbox_marker'];

export class Outbox {
  readonly #messengers: MessengerRegistry;
  readonly #sandbox: boolean;
  readonly #workspaceTexts: (() => Texts) | undefined;

  /**
   * `workspaceTexts`: the language of posts, edits and DMs (the workspace's); an answer to the
   * actor is marked in the actor's language (`responder(inner, t)`).
   */
  constructor(messengers: MessengerRegistry, sandbox: boolean, workspaceTexts?: () => Texts) {
    this.#messengers = messengers;
    this.#sandbox = sandbox;
    this.#workspaceTexts = workspaceTexts;
  }

  decorate(reply: Reply, t?: Texts): Reply {
    if (!this.#sandbox) return reply;
    const line = (t ?? this.#workspaceTexts?.())?.t('common.sandbox_marker') ?? SANDBOX_LINE;
    return { ...reply, context: [...(reply.context ?? []), line] };
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

  responder(inner: Responder, t?: Texts): Responder {
    const replaceOriginal = inner.replaceOriginal?.bind(inner);
    const dismiss = inner.dismiss?.bind(inner);
    // Forms pass straight through: a form is no message, there is nothing to mark.
    const openForm = inner.openForm?.bind(inner);
    return {
      reply: (reply) => inner.reply(this.decorate(reply, t)),
      ...(replaceOriginal ? { replaceOriginal: (reply: Reply) => replaceOriginal(this.decorate(reply, t)) } : {}),
      ...(dismiss ? { dismiss } : {}),
      ...(openForm ? { openForm } : {}),
    };
  }
}
