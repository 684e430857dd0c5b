/**
 * The initial response, within Discord's 3 s: a private "thinking…" for commands and submits, a
 * silent ack for buttons. An event that may open a form is not deferred here (interactions.ts):
 * its modal must be the first response, and the responder's safety timer defers it otherwise.
 */
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger, Metrics } from '../../src/core/shared/ports.ts';

/** Defers the interaction and records the ack latency; false when Discord refused (nothing more to do). */
export async function acknowledge(
  interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
  logger: Logger,
  metrics: Metrics | undefined,
  receivedAt: number,
): Promise<boolean> {
  try {
    if (interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  } catch (err) {
    // Usually 10062 Unknown interaction: we were too late and Discord already told the member it failed.
    logger.warn({ err, interactionId: interaction.id }, 'discord: could not acknowledge an interaction');
    return false;
  }
  metrics?.ackLatency('discord', (Date.now() - receivedAt) / 1000);
  return true;
}
