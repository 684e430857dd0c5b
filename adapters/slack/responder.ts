/**
 * Answers the person behind one Slack event. Ephemeral replies go through the event's
 * response_url (it also works in channels the bot was not invited to), which Slack honours
 * 5 times within 30 minutes; after that, or when it fails, chat.postEphemeral takes over.
 * In-channel replies are ordinary chat.postMessage posts, with the response_url as fallback
 * when the bot is not in the channel. Button clicks can also replace the clicked message.
 */
import type { RespondFn } from '@slack/bolt';
import { MessengerError } from '../../src/core/shared/errors.ts';
import type { FormSpec } from '../../src/core/shared/forms.ts';
import { DEFAULT_LOCALE, localeOf, type MessageFormatter, textsFor } from '../../src/core/shared/i18n.ts';
import type { Clock, Logger, Responder } from '../../src/core/shared/ports.ts';
import { type Attachment, attachmentsOf, type Reply, type TextFormatter } from '../../src/core/shared/reply.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { FormUnavailableError, renderFormView } from './form-view.ts';
import type { SlackMessenger } from './messenger.ts';
import { renderReply } from './render.ts';
import { describe, isChannelClosed, isDmClosed } from './slack-errors.ts';

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** Slack honours a trigger_id for 3 s after the user's action. */
const TRIGGER_LIFETIME_MS = 3_000;

export interface ResponderTarget {
  /** '' when the event came from no channel (a modal opened from the Home tab): answers go to the DM. */
  readonly channelId: string;
  readonly userId: string;
  /** Bolt's respond(), present when the payload had a response_url. */
  readonly respond?: RespondFn | undefined;
  /** Button clicks: never replace the message holding the button with our answer. */
  readonly fromAction: boolean;
  readonly receivedAt: number;
  /** Button clicks: the message holding the button (`ephemeral` when only the clicker sees it). */
  readonly clicked?: { readonly channelId: string; readonly ts: string; readonly ephemeral: boolean } | undefined;
  /** Commands and clicks: lets `openForm` show a modal (views.open) within 3 s of the action. */
  readonly triggerId?: string | undefined;
  /** The workspace, carried in a modal's private_metadata. */
  readonly teamId?: string | undefined;
  /** The person's Slack locale ("es-ES"), when known: the responder's own texts use it. */
  readonly locale?: string | undefined;
}

export interface ResponderDeps {
  readonly messenger: SlackMessenger;
  readonly client: {
    chat: {
      postEphemeral(args: { channel: string; user: string; text: string; blocks: unknown[] }): Promise<unknown>;
    };
    views: { open(args: { trigger_id: string; view: never }): Promise<unknown> };
  };
  readonly formatter: TextFormatter;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The catalog's formatter for the responder's own texts (a file sent to the DM); default src/i18n's. */
  readonly messages?: MessageFormatter | undefined;
}

type ResponseMessage =
  | {
      response_type?: 'ephemeral' | 'in_channel';
      replace_original?: boolean;
      text: string;
      blocks: unknown[];
    }
  | { delete_original: true };

export class SlackResponder implements Responder {
  readonly #t: ResponderTarget;
  readonly #d: ResponderDeps;
  #responseUrlUses = 0;

  constructor(target: ResponderTarget, deps: ResponderDeps) {
    this.#t = target;
    this.#d = deps;
  }

  async reply(reply: Reply): Promise<void> {
    const files = attachmentsOf(reply);
    const answer = files.length ? await this.#sendFiles(reply, files) : reply;
    // No channel (a modal submitted from the Home tab): the person's DM is the only place.
    if (!this.#t.channelId && !this.#t.respond)
      await this.#d.messenger.dm({ platform: 'slack', id: this.#t.userId }, answer);
    else if (answer.ephemeral) await this.#ephemeral(answer);
    else await this.#inChannel(answer);
  }

  /** views.open with the event's trigger_id; the modal returns as a view_submission (form-listener.ts). */
  async openForm(form: FormSpec): Promise<void> {
    const trigger = this.#t.triggerId;
    if (!trigger || this.#d.clock.now() - this.#t.receivedAt > TRIGGER_LIFETIME_MS)
      throw new FormUnavailableError('the Slack trigger for this form has expired');
    const view = renderFormView(form, {
      channel: this.#t.channelId,
      ...(this.#t.teamId ? { team: this.#t.teamId } : {}),
    });
    try {
      await this.#d.client.views.open({ trigger_id: trigger, view: view as never });
    } catch (err) {
      const code = describe(err);
      if (code === 'expired_trigger_id' || code === 'exchanged_trigger_id' || code === 'invalid_trigger_id')
        throw new FormUnavailableError(`views.open refused the trigger: ${code}`, { cause: err });
      throw new MessengerError(`views.open failed: ${code}`, { cause: err });
    }
  }

  /**
   * Replaces the clicked message: the response_url with `replace_original` (the only way to edit
   * an ephemeral message), else chat.update for a channel message, else a new ephemeral answer.
   */
  async replaceOriginal(reply: Reply): Promise<void> {
    const clicked = this.#t.clicked;
    // A private answer must not take the place of a message the whole channel sees.
    const wouldExpose = clicked !== undefined && !clicked.ephemeral && reply.ephemeral === true;
    if (!clicked || attachmentsOf(reply).length > 0 || wouldExpose) {
      await this.reply(reply);
      return;
    }
    const { text, blocks } = renderReply(reply, this.#d.formatter);
    if (await this.#tryRespond({ replace_original: true, text, blocks })) return;
    if (!clicked.ephemeral) {
      try {
        await this.#d.messenger.update(
          { platform: 'slack', channelId: clicked.channelId, messageId: clicked.ts },
          reply,
        );
        return;
      } catch (err) {
        this.#d.logger.warn({ err: describe(err) }, 'chat.update of the clicked message failed; answering anew');
      }
    }
    await this.#postEphemeral(text, blocks);
  }

  /**
   * "Never mind" on a private message: Slack keeps ephemeral messages until reload, buttons and
   * all, so remove it (only through the response_url; channel messages are left alone).
   */
  async dismiss(): Promise<void> {
    if (!this.#t.clicked?.ephemeral) return;
    await this.#tryRespond({ delete_original: true });
  }

  /**
   * Files always go to the person's DM: Slack cannot attach one to an ephemeral message, and a
   * file meant for one person (the audit CSV) must never land in the channel.
   */
  async #sendFiles(reply: Reply, files: readonly Attachment[]): Promise<Reply> {
    const { attachment: _file, attachments: _files, ...rest } = reply;
    const file = files[0] as Attachment;
    const t = textsFor(this.#d.messages ?? createMessageFormatter(), localeOf(this.#t.locale) ?? DEFAULT_LOCALE);
    const kind =
      files.length > 1
        ? 'files'
        : file.contentType === 'text/csv' || file.filename.endsWith('.csv')
          ? 'csv'
          : file.contentType.startsWith('image/')
            ? 'chart'
            : 'file';
    const what = t.t('adapters.file_what', { what: kind });
    try {
      const dm = await this.#d.messenger.dmChannel(this.#t.userId);
      for (const f of files) await this.#d.messenger.upload(dm, f, undefined);
    } catch (err) {
      const cause = err instanceof MessengerError ? (err.cause ?? err) : err;
      this.#d.logger.warn({ err: describe(cause) }, 'could not send a file to the DM');
      const why = t.t(isDmClosed(cause) ? 'adapters.file_dm_closed' : 'adapters.file_upload_failed');
      return {
        ...rest,
        text: `${rest.text}\n${t.t('adapters.file_not_sent', { what, why })}`.trim(),
        tone: 'warning',
        ephemeral: true,
      };
    }
    const names = files.map((f) => f.filename).join(', ');
    return { ...rest, context: [...(rest.context ?? []), t.t('adapters.file_sent', { what, names, kind })] };
  }

  async #ephemeral(reply: Reply): Promise<void> {
    const { text, blocks } = renderReply(reply, this.#d.formatter);
    if (await this.#tryRespond({ response_type: 'ephemeral', text, blocks })) return;
    await this.#postEphemeral(text, blocks);
  }

  async #postEphemeral(text: string, blocks: unknown[]): Promise<void> {
    try {
      await this.#d.client.chat.postEphemeral({ channel: this.#t.channelId, user: this.#t.userId, text, blocks });
    } catch (err) {
      throw new MessengerError(`chat.postEphemeral failed: ${describe(err)}`, { cause: err });
    }
  }

  async #inChannel(reply: Reply): Promise<void> {
    try {
      await this.#d.messenger.postReply({ platform: 'slack', channelId: this.#t.channelId }, reply);
    } catch (err) {
      const cause = err instanceof MessengerError ? err.cause : err;
      if (!isChannelClosed(cause)) throw err;
      const { text, blocks } = renderReply(reply, this.#d.formatter);
      if (!(await this.#tryRespond({ response_type: 'in_channel', text, blocks }))) throw err;
    }
  }

  async #tryRespond(message: ResponseMessage): Promise<boolean> {
    const respond = this.#t.respond;
    if (!respond || !this.#responseUrlUsable()) return false;
    this.#responseUrlUses += 1;
    try {
      const keepClicked = this.#t.fromAction && !('delete_original' in message);
      await respond({
        ...(keepClicked ? { replace_original: false } : {}),
        ...message,
      } as Parameters<RespondFn>[0]);
      return true;
    } catch (err) {
      this.#d.logger.warn({ err: describe(err) }, 'response_url failed; falling back to the Web API');
      return false;
    }
  }

  #responseUrlUsable(): boolean {
    return (
      this.#responseUrlUses < RESPONSE_URL_USES && this.#d.clock.now() - this.#t.receivedAt < RESPONSE_URL_LIFETIME_MS
    );
  }
}
