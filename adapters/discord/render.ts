/**
 * Reply -> Discord message: one embed (title, text, fields, footer from context lines, colour from
 * tone), action rows of buttons, the approver ping in `content` (mentions inside embeds never
 * notify), and an attachment as a file. Discord's limits are applied here so a long note or a big
 * list cannot make Discord reject the whole message.
 */
import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Logger } from '../../src/core/shared/ports.ts';
import {
  attachmentsOf,
  type Button,
  isImage,
  mentionUser,
  type Reply,
  renderText,
  type Tone,
  toFallbackText,
} from '../../src/core/shared/reply.ts';
import { DiscordFormatter, neutraliseMentions, roleList, truncate } from './format.ts';

/** Discord's documented limits (developers/resources/message.mdx, components). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  url: 512,
} as const;

const COLOURS: Record<Tone, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
  neutral: 0x99aab5,
};

export interface RenderedFile {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
  /** Alt text (Discord's attachment `description`). */
  readonly description?: string;
}

/** A rendered message in Discord's REST shape (snake_case), plus files to upload. */
export interface RenderedMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
  readonly allowed_mentions: APIAllowedMentions;
  readonly files: RenderedFile[];
}

export interface RenderOptions {
  readonly approverRoleId?: string | undefined;
  /** The server's approver roles (workspaces mode); wins over `approverRoleId` when given. */
  readonly approverRoleIds?: readonly string[] | undefined;
  /** The server's fallback approver roles: MENTION_FALLBACK pings them (escalations). */
  readonly fallbackRoleIds?: readonly string[] | undefined;
  readonly logger: Logger;
}

export function renderReply(reply: Reply, options: RenderOptions): RenderedMessage {
  const roles = roleList(options.approverRoleIds ?? options.approverRoleId);
  const fallbackRoles = roleList(options.fallbackRoleIds);
  const rich = new DiscordFormatter(roles, true, fallbackRoles);
  const plain = new DiscordFormatter(roles, false, fallbackRoles);
  const embed = renderEmbed(reply, rich, plain);
  const mentionsApprovers = (rich.mentionedApprovers || plain.mentionedApprovers) && roles.length > 0;
  const pinged = [
    ...(mentionsApprovers ? roles : []),
    ...(rich.mentionedFallback || plain.mentionedFallback ? fallbackRoles : []),
  ].filter((id, i, all) => all.indexOf(id) === i);
  // A text file (CSV) is UTF-8; an image's bytes go as they are.
  const files = attachmentsOf(reply).map((f) => ({
    name: f.filename,
    contentType: f.contentType,
    data: isImage(f) ? Buffer.from(f.content) : Buffer.from(f.content, 'utf8'),
    ...(isImage(f) && f.alt ? { description: f.alt.slice(0, 1024) } : {}),
  }));
  const addressed = addressee(reply);
  // Mentions only notify from `content` (never from an embed): the role and the addressee go there.
  let content = [pinged.map((id) => `<@&${id}>`).join(' '), addressed ? `<@${addressed}>` : '']
    .filter(Boolean)
    .join(' ');
  // Discord refuses a message with neither content, embed nor file.
  if (!embed && files.length === 0 && content === '')
    content = truncate(neutraliseMentions(toFallbackText(reply)), LIMITS.content) || '\u200b';
  return {
    content,
    embeds: embed ? [embed] : [],
    components: renderButtons(reply.buttons ?? [], options.logger),
    // Nothing pings but the approver role and the person a message is addressed to: never
    // @everyone/@here, other roles, users merely named in a card, or a replied-to author.
    allowed_mentions: {
      parse: [],
      roles: pinged,
      users: addressed ? [addressed] : [],
      replied_user: false,
    },
    files,
  };
}

const [MENTION_HEAD = '', MENTION_TAIL = ''] = mentionUser('\u0000').split('\u0000');

/**
 * The user a reply speaks to: its text opens with their mention and a comma ("@payer, I could
 * not send you the link…"). Only that person may be pinged; a card that merely names people
 * ("@alice asks to add funds") pings nobody but the approvers.
 */
export function addressee(reply: Reply): string | undefined {
  if (!reply.text.startsWith(MENTION_HEAD)) return undefined;
  const end = reply.text.indexOf(MENTION_TAIL, MENTION_HEAD.length);
  if (end < 0 || reply.text[end + MENTION_TAIL.length] !== ',') return undefined;
  const id = reply.text.slice(MENTION_HEAD.length, end);
  return /^\d{15,21}$/.test(id) ? id : undefined;
}

function renderEmbed(reply: Reply, rich: DiscordFormatter, plain: DiscordFormatter): APIEmbed | undefined {
  const embed: APIEmbed = { color: COLOURS[reply.tone ?? 'neutral'] };
  if (reply.title) embed.title = truncate(renderText(reply.title, rich), LIMITS.title);
  if (reply.text) embed.description = truncate(renderText(reply.text, rich), LIMITS.description);
  const fields = (reply.fields ?? []).slice(0, LIMITS.fields).map((f) => ({
    name: truncate(renderText(f.label, rich), LIMITS.fieldName) || '\u200b',
    value: truncate(renderText(f.value, rich), LIMITS.fieldValue) || '\u200b',
    inline: f.short ?? false,
  }));
  if (fields.length > 0) embed.fields = fields;
  const footer = (reply.context ?? []).map((line) => renderText(line, plain)).join('\n');
  if (footer) embed.footer = { text: truncate(footer, LIMITS.footer) };
  if (!embed.title && !embed.description && !embed.fields && !embed.footer) return undefined;
  fitEmbedTotal(embed);
  return embed;
}

/** Discord rejects an embed whose text adds up to more than 6000 characters: drop fields from the end, then cut the text. */
function fitEmbedTotal(embed: APIEmbed): void {
  const size = () =>
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (size() > LIMITS.embedTotal && embed.fields && embed.fields.length > 0) embed.fields.pop();
  if (size() > LIMITS.embedTotal && embed.description) {
    const room = LIMITS.embedTotal - (size() - embed.description.length);
    embed.description = truncate(embed.description, Math.max(1, room));
  }
}

function renderButtons(buttons: readonly Button[], logger: Logger): APIActionRowComponent<APIButtonComponent>[] {
  const rendered: APIButtonComponent[] = [];
  const seen = new Set<string>();
  for (const button of buttons) {
    const label = truncate(neutraliseMentions(button.label), LIMITS.buttonLabel) || '…';
    if (button.kind === 'link') {
      if (button.url.length > LIMITS.url || !/^https?:\/\//.test(button.url)) {
        logger.warn({ label: button.label }, 'discord: link button dropped (URL too long or not http)');
        continue;
      }
      rendered.push({ type: ComponentType.Button, style: ButtonStyle.Link, url: button.url, label });
      continue;
    }
    const customId = `${button.action}:${button.value}`;
    // Discord rejects the whole message for one custom_id over 100 characters or one duplicate.
    if (customId.length > LIMITS.customId || seen.has(customId)) {
      logger.warn(
        { action: button.action, length: customId.length },
        'discord: button dropped (custom_id too long or repeated)',
      );
      continue;
    }
    seen.add(customId);
    const style =
      button.style === 'primary'
        ? ButtonStyle.Primary
        : button.style === 'danger'
          ? ButtonStyle.Danger
          : ButtonStyle.Secondary;
    rendered.push({ type: ComponentType.Button, style, custom_id: customId, label });
  }
  const max = LIMITS.buttonsPerRow * LIMITS.rows;
  if (rendered.length > max)
    logger.warn({ dropped: rendered.length - max }, 'discord: too many buttons, extra dropped');
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < Math.min(rendered.length, max); i += LIMITS.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: rendered.slice(i, i + LIMITS.buttonsPerRow) });
  return rows;
}
