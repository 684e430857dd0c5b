/** `/ml help`: the command table with examples. */
import type { CommandSpec } from '../handler.ts';

export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  const spec: CommandSpec = {
    name: 'help',
    usage: '/ml help',
    example: '/ml help',
    summary: 'This list.',
    async run({ respond }) {
      await respond.reply({
        title: 'mlbot commands',
        text: 'Pay for the team ModelsLab account from chat, with an approver in the loop.',
        fields: table().map((c) => ({ label: c.usage, value: `${c.summary} e.g. ${c.example}` })),
        ephemeral: true,
        tone: 'info',
      });
    },
  };
  return spec;
}
