/**
 * Discord interactions -> InboundEvent. Options are joined back into the text the engine parses,
 * so Slack and Discord share one parser: `/ml-fund amount:50 note:GPUs` -> "50 GPUs".
 * The only platform facts resolved here are who the actor is and whether they may approve.
 */
import {
  type APIInteractionGuildMember,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMember,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  ActionName,
  Actor,
  ClickedMessage,
  CommandName,
  ConversationRef,
  FormEvent,
  InboundEvent,
} from '../../src/core/shared/types.ts';
import { isActionName } from '../../src/core/shared/types.ts';
import { COMMAND_NAMES } from './commands.ts';
import { formValuesOf, parseFormCustomId } from './forms.ts';

const COMMANDS: Record<string, CommandName> = {
  [COMMAND_NAMES.fund]: 'fund',
  [COMMAND_NAMES.subscribe]: 'subscribe',
  [COMMAND_NAMES.balance]: 'balance',
  [COMMAND_NAMES.ml]: 'ml',
};

export interface ApproverRule {
  /** Members with this role approve; without it, members with Manage Server do. */
  readonly approverRoleId?: string | undefined;
  /**
   * The server's approver roles (workspaces mode: from its settings); wins over `approverRoleId`.
   * Members with any of them approve; an empty list: members with Manage Server do.
   */
  readonly approverRoleIds?: readonly string[] | undefined;
  /** The server's fallback approver roles (issue 17): members with any are `isFallbackApprover`. */
  readonly fallbackRoleIds?: readonly string[] | undefined;
}

/** The interactions the bot answers: commands, button clicks and modal submits. */
export type HandledInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
type Interaction = HandledInteraction;

function hasRole(member: GuildMember | APIInteractionGuildMember | null, roleId: string): boolean {
  if (!member) return false;
  // A cached guild gives a GuildMember (role manager); an uncached one the raw role id list.
  return Array.isArray(member.roles) ? member.roles.includes(roleId) : member.roles.cache.has(roleId);
}

export function actorOf(interaction: Interaction, rule: ApproverRule): Actor {
  const isAdmin = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const roles = rule.approverRoleIds ?? (rule.approverRoleId ? [rule.approverRoleId] : []);
  const isApprover = roles.length > 0 ? roles.some((role) => hasRole(interaction.member, role)) : isAdmin;
  const member = interaction.member;
  const name =
    (member && 'displayName' in member ? member.displayName : undefined) ??
    interaction.user.globalName ??
    interaction.user.username;
  const isFallbackApprover = (rule.fallbackRoleIds ?? []).some((role) => hasRole(interaction.member, role));
  return {
    platform: 'discord',
    id: interaction.user.id,
    name,
    isApprover,
    isAdmin,
    ...(isFallbackApprover ? { isFallbackApprover } : {}),
    // The member's client language, on every interaction ("es-ES", "es-419", "en-US"): private
    // answers follow it; core maps it to a catalog language (localeOf).
    ...(interaction.locale ? { locale: interaction.locale } : {}),
  };
}

function conversationOf(interaction: Interaction): ConversationRef {
  return {
    platform: 'discord',
    channelId: interaction.channelId ?? '',
    ...(interaction.guildId ? { workspaceId: interaction.guildId } : {}),
  };
}

/** The text the engine parses for each command. */
export function commandText(interaction: ChatInputCommandInteraction): string {
  const o = interaction.options;
  switch (interaction.commandName) {
    case COMMAND_NAMES.fund: {
      const amount = o.getNumber('amount');
      // No amount: the fund form asks for everything (core opens it for an empty text).
      if (amount === null) return '';
      const note = o.getString('note') ?? '';
      return [amount === null ? '' : String(amount), note].filter(Boolean).join(' ');
    }
    case COMMAND_NAMES.subscribe:
      return o.getString('plan') ?? '';
    case COMMAND_NAMES.balance:
      return o.getBoolean('public') ? 'public' : '';
    default:
      return o.getString('command') ?? '';
  }
}

/** `<action>:<value>`; the value may itself contain colons (`tx_page` "all:10"). */
export function parseCustomId(customId: string): { action: ActionName; value: string } | undefined {
  const colon = customId.indexOf(':');
  const action = colon < 0 ? customId : customId.slice(0, colon);
  // Core's ACTION_NAMES is the one list: a new action is routed here without an edit.
  if (!isActionName(action)) return undefined;
  return { action, value: colon < 0 ? '' : customId.slice(colon + 1) };
}

/**
 * With DISCORD_GUILD_ID set the bot serves that one server (single-tenant mode): a command must
 * come from it, and a button from it or from a DM (the payer's DM has buttons; DMs carry no
 * guild, and which request a DM button may act on is core's check of the clicked message).
 * Without DISCORD_GUILD_ID there is no server to compare with, so every server is served.
 */
export function servesGuild(interaction: Interaction, servedGuildId: string | undefined): boolean {
  if (!servedGuildId) return true;
  if (interaction.guildId) return interaction.guildId === servedGuildId;
  // A modal opened from a DM button is submitted in that DM: the same rule as the button.
  return interaction.isButton() || interaction.isModalSubmit();
}

/**
 * The message holding the clicked button, for core's "is this the request's own message" check.
 * The bot's thread posts are replies (message_reference, see messenger.ts), so the message a
 * reply refers to stands for the thread it sits in.
 */
function clickedMessage(interaction: ButtonInteraction): ClickedMessage {
  const { message } = interaction;
  const ref = message.reference;
  const repliesTo =
    ref?.messageId && (!ref.channelId || ref.channelId === message.channelId) ? ref.messageId : undefined;
  return {
    platform: 'discord',
    channelId: message.channelId,
    messageId: message.id,
    ...(repliesTo ? { threadId: repliesTo } : {}),
    ...(message.flags.has(MessageFlags.Ephemeral) ? { ephemeral: true } : {}),
  };
}

/** Undefined for interactions this bot does not own (an unknown command or button). */
export function toInboundEvent(
  interaction: Interaction,
  rule: ApproverRule,
  receivedAt: number,
): InboundEvent | undefined {
  const base = {
    platform: 'discord' as const,
    eventId: interaction.id,
    actor: actorOf(interaction, rule),
    conversation: conversationOf(interaction),
    receivedAt,
  };
  if (interaction.isChatInputCommand()) {
    const command = COMMANDS[interaction.commandName];
    return command ? { ...base, kind: 'command', command, text: commandText(interaction) } : undefined;
  }
  if (interaction.isModalSubmit()) return toFormEvent(interaction, base);
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) return undefined;
  return {
    ...base,
    kind: 'action',
    action: parsed.action,
    value: parsed.value,
    message: clickedMessage(interaction),
  };
}

/** A modal submit of one of our forms (custom_id `mlbot_form:<name>:<context>`); undefined otherwise. */
function toFormEvent(
  interaction: ModalSubmitInteraction,
  base: Omit<FormEvent, 'kind' | 'form' | 'values' | 'context'>,
): FormEvent | undefined {
  const parsed = parseFormCustomId(interaction.customId);
  if (!parsed) return undefined;
  return {
    ...base,
    kind: 'form',
    form: parsed.form,
    values: formValuesOf(interaction),
    ...(parsed.context !== undefined ? { context: parsed.context } : {}),
  };
}
