/**
 * `/ml help`: the command table with an example for every command, written as typed on the
 * platform, listing only the commands that exist there (the subscribe panel is Discord's) and
 * naming who may use them in that platform's words. The workspace's own commands (`/ml connect`,
 * `/ml disconnect`, `/ml settings`: core/workspace) are in the table too, for admins.
 */
import type { CommandSpec } from '../shared/handler.ts';
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { commandLine } from '../shared/usage.ts';

/** Who may use an approver or admin command, as the platform calls them. */
const WHO: Record<Platform, Record<string, string>> = {
  slack: { approvers: ' (approvers)', admins: ' (admins)' },
  discord: { approvers: ' (approvers)', admins: ' (server admins: Manage Server)' },
  web: { approvers: ' (approvers)', admins: ' (admins)' },
};

export function commandsOn(table: readonly CommandSpec[], platform: Platform): CommandSpec[] {
  return table.filter((c) => !c.platforms || c.platforms.includes(platform));
}

/** The help list for `platform`: every command of `table` that exists there, with an example. */
export function helpReply(table: readonly CommandSpec[], platform: Platform): Reply {
  // On Discord `/ml` has one text option: what follows `/ml` below goes in it.
  const how = platform === 'discord' ? ' For /ml commands, type what follows /ml in its "command" option.' : '';
  return {
    title: 'mlbot commands',
    text: `Pay for the team ModelsLab account from chat, with an approver in the loop.${how}`,
    fields: commandsOn(table, platform).map((c) => ({
      label: `${commandLine(c.usage, platform)}${WHO[platform][c.audience ?? ''] ?? ''}`,
      value: `${c.summary} e.g. ${commandLine(c.example, platform)}`,
    })),
    ephemeral: true,
    tone: 'info',
  };
}

export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  const spec: CommandSpec = {
    name: 'help',
    usage: '/ml help',
    example: '/ml help',
    summary: 'This list.',
    async run({ event, respond }) {
      await respond.reply(helpReply(table(), event.platform));
    },
  };
  return spec;
}
