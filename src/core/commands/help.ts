/** `/ml help`: the command table with an example for every command, written as typed on the platform. */
import type { CommandSpec } from '../handler.ts';
import { commandLine } from '../views/usage.ts';

const WHO: Record<string, string> = { approvers: ' (approvers)', admins: ' (admins)' };

export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  const spec: CommandSpec = {
    name: 'help',
    usage: '/ml help',
    example: '/ml help',
    summary: 'This list.',
    async run({ event, respond }) {
      const platform = event.platform;
      // On Discord `/ml` has one text option: what follows `/ml` below goes in it.
      const how = platform === 'discord' ? ' For /ml commands, type what follows /ml in its "command" option.' : '';
      await respond.reply({
        title: 'mlbot commands',
        text: `Pay for the team ModelsLab account from chat, with an approver in the loop.${how}`,
        fields: table().map((c) => ({
          label: `${commandLine(c.usage, platform)}${WHO[c.audience ?? ''] ?? ''}`,
          value: `${c.summary} e.g. ${commandLine(c.example, platform)}`,
        })),
        ephemeral: true,
        tone: 'info',
      });
    },
  };
  return spec;
}
