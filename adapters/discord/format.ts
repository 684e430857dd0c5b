/**
 * Discord text safety: escaping literal text for embeds, mention rendering and safe truncation.
 * Literal text can never ping: `@everyone`/`@here` get a zero-width joiner (Discord then shows the
 * text but does not parse it) and `<@…>`/`<#…>` lose their meaning the same way; `allowedMentions`
 * is the second lock on the same door.
 */
import { escapeMarkdown } from 'discord.js';
import type { TextFormatter } from '../../src/core/shared/reply.ts';

const ZWJ = '\u200D';
const URL_PATTERN = /https?:\/\/\S+/g;

/** Break everything Discord would parse as a mention, without changing what a reader sees. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWJ}$1`).replace(/<([@#/])/g, `<${ZWJ}$1`);
}

/**
 * Markdown-escape literal text, leaving URLs untouched: a backslash inside a URL would change
 * the link. Brackets are escaped so a note cannot build a masked link (`[text](url)`) that disguises a URL.
 */
export function escapeLiteral(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    out += escapeSegment(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return neutraliseMentions(out + escapeSegment(text.slice(last)));
}

function escapeSegment(text: string): string {
  // Brackets are escaped one by one: the URL that follows `[text](` is a separate segment here.
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true }).replace(/[[\]]/g, '\\$&');
}

/** Formats mention tokens for Discord and remembers whether the approvers were mentioned. */
export class DiscordFormatter implements TextFormatter {
  mentionedApprovers = false;
  /** MENTION_FALLBACK was rendered with fallback roles (an escalation): they go in `content`. */
  mentionedFallback = false;
  private readonly approverRoleIds: readonly string[];
  private readonly fallbackRoleIds: readonly string[];
  private readonly markdown: boolean;

  /**
   * `approverRoles`: one role id (single-team config) or the server's list (workspaces mode,
   * each server its own). `markdown: false` for places Discord shows verbatim (footers, button labels).
   */
  constructor(
    approverRoles: string | readonly string[] | undefined,
    markdown = true,
    fallbackRoles: readonly string[] = [],
  ) {
    this.approverRoleIds = roleList(approverRoles);
    this.fallbackRoleIds = roleList(fallbackRoles);
    this.markdown = markdown;
  }

  escape(literal: string): string {
    return this.markdown ? escapeLiteral(literal) : neutraliseMentions(literal);
  }

  user(userId: string): string {
    return /^\d{15,21}$/.test(userId) ? `<@${userId}>` : this.escape(`@${userId}`);
  }

  approvers(): string {
    this.mentionedApprovers = true;
    return this.approverRoleIds.map((id) => `<@&${id}>`).join(' ');
  }

  /** The fallback roles (issue 17 escalation); the approver roles when the server set none. */
  fallback(): string {
    if (this.fallbackRoleIds.length === 0) return this.approvers();
    this.mentionedFallback = true;
    return this.fallbackRoleIds.map((id) => `<@&${id}>`).join(' ');
  }
}

/** One role id, a list, or none, as a list of valid role ids (snowflakes only: nothing else can ping). */
export function roleList(roles: string | readonly string[] | undefined): readonly string[] {
  const list = roles === undefined ? [] : typeof roles === 'string' ? [roles] : roles;
  return [...new Set(list.filter((id) => /^\d{15,21}$/.test(id)))];
}

/**
 * Cut `text` to at most `max` characters with an ellipsis, never splitting a surrogate pair,
 * a backslash escape, a mention (`<@…>`) or a zero-width-joined `@everyone`.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const openMention = cut.lastIndexOf('<');
  if (openMention >= 0 && !cut.slice(openMention).includes('>')) cut = cut.slice(0, openMention);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  if (cut.endsWith(ZWJ)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
