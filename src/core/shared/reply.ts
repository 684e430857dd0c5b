/**
 * The neutral message model the engine speaks. Adapters render it: Slack Block Kit, Discord
 * embeds + components, HTML in the playground. Every Reply has a plain-text fallback.
 *
 * Text is plain text. Mentions are the only markup: `mentionUser(id)` and `MENTION_APPROVERS`
 * tokens that `renderText` swaps for platform mentions after the platform escaper ran over
 * everything else. User-supplied text goes through `sanitizeUserText` first, which removes the
 * token brackets, so a note can never forge a mention.
 */
import type { ActionName } from './types.ts';

export type Tone = 'info' | 'success' | 'warning' | 'danger' | 'neutral';

export interface Field {
  readonly label: string;
  readonly value: string;
  /** Render side by side where the platform can (Slack fields, Discord inline). */
  readonly short?: boolean;
}

export interface ActionButton {
  readonly kind: 'action';
  readonly action: ActionName;
  /** Opaque to adapters. `<action>:<value>` must fit Discord's 100-char custom_id. */
  readonly value: string;
  readonly label: string;
  readonly style?: 'primary' | 'danger';
}

export interface LinkButton {
  readonly kind: 'link';
  readonly url: string;
  readonly label: string;
}

export type Button = ActionButton | LinkButton;

/** A text file to upload with the message (audit CSV). */
export interface TextAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

/** An image to upload with the message (the report's charts): Slack file, Discord attachment, playground <img>. */
export interface ImageAttachment {
  readonly filename: string;
  readonly contentType: 'image/png';
  readonly content: Uint8Array;
  /** Says what the image shows, for people who cannot see it (the figures are in the text too). */
  readonly alt?: string;
}

export type Attachment = TextAttachment | ImageAttachment;

export function isImage(file: Attachment): file is ImageAttachment {
  return typeof file.content !== 'string';
}

/** Every file of a reply: `attachment` first, then `attachments`, in order. */
export function attachmentsOf(reply: Reply): readonly Attachment[] {
  return [...(reply.attachment ? [reply.attachment] : []), ...(reply.attachments ?? [])];
}

export interface Reply {
  readonly title?: string;
  /** Main text; may contain mention tokens. */
  readonly text: string;
  readonly fields?: readonly Field[];
  /** Small print lines under the message (request id, expiry, SANDBOX marker). */
  readonly context?: readonly string[];
  readonly buttons?: readonly Button[];
  readonly tone?: Tone;
  /** Only the actor sees it (Slack ephemeral, Discord ephemeral flag). */
  readonly ephemeral?: boolean;
  /** One text file (the audit CSV). */
  readonly attachment?: TextAttachment;
  /** More files, text or images (the report's two charts); adapters upload them after `attachment`. */
  readonly attachments?: readonly Attachment[];
}

const OPEN = '\u27E6'; // ⟦
const CLOSE = '\u27E7'; // ⟧

/** Token for a user mention; rendered as `<@U123>` on Slack, `<@123>` on Discord. */
export function mentionUser(userId: string): string {
  return `${OPEN}user:${userId}${CLOSE}`;
}

/** Token for "the approvers" (Slack user ids/groups, Discord approver role). */
export const MENTION_APPROVERS = `${OPEN}approvers${CLOSE}`;

/**
 * Token for "the fallback approvers" an unanswered request escalates to (Slack users/groups,
 * Discord roles, playground people). A formatter without `fallback` renders the approvers.
 */
export const MENTION_FALLBACK = `${OPEN}fallback${CLOSE}`;

export interface TextFormatter {
  /** Escape platform markup in literal text (Slack `& < >`, Discord `@everyone` …). */
  escape(literal: string): string;
  user(userId: string): string;
  approvers(): string;
  /** The fallback approvers' mentions (escalation posts); optional: `approvers()` stands in. */
  fallback?(): string;
}

const TOKEN = new RegExp(`${OPEN}(user:[^${CLOSE}]+|approvers|fallback)${CLOSE}`, 'g');

/** Escape literal text with the platform's escaper and swap mention tokens for real mentions. */
export function renderText(text: string, fmt: TextFormatter): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += fmt.escape(text.slice(last, m.index));
    const token = m[1] ?? '';
    out +=
      token === 'approvers'
        ? fmt.approvers()
        : token === 'fallback'
          ? (fmt.fallback?.() ?? fmt.approvers())
          : fmt.user(token.slice('user:'.length));
    last = m.index + m[0].length;
  }
  return out + fmt.escape(text.slice(last));
}

/** Plain text for notifications, logs and clients that cannot show rich messages. */
export function toFallbackText(reply: Reply, names: (userId: string) => string = (id) => `@${id}`): string {
  const plain: TextFormatter = {
    escape: (s) => s,
    user: names,
    approvers: () => '@approvers',
    fallback: () => '@fallback-approvers',
  };
  const lines: string[] = [];
  if (reply.title) lines.push(renderText(reply.title, plain));
  if (reply.text) lines.push(renderText(reply.text, plain));
  for (const f of reply.fields ?? []) lines.push(`${f.label}: ${renderText(f.value, plain)}`);
  for (const c of reply.context ?? []) lines.push(renderText(c, plain));
  return lines.join('\n');
}

// Control characters (C0, DEL, C1), bidi overrides/isolates and zero-width marks: they can hide
// or reorder text in a receipt ("pay $10" shown as "01$ yap") or break a platform's parser.
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Clean text a user typed before it is stored or echoed: no control chars, no tokens, capped. */
export function sanitizeUserText(input: string, maxLength = 200): string {
  const cleaned = input.replace(UNSAFE, '').replaceAll(OPEN, '').replaceAll(CLOSE, '').replace(/\s+/g, ' ').trim();
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned;
}
