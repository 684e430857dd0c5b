/** `/ml help`: the command table with an example for every command. */
import type { CommandSpec } from '../handler.ts';

const WHO: Record<string, string> = { approvers: ' (approvers)', admins: ' (admins)' };

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
        fields: table().map((c) => ({
          label: `${c.usage}${WHO[c.audience ?? ''] ?? ''}`,
          value: `${c.summary} e.g. ${c.example}`,
        })),
        ephemeral: true,
        tone: 'info',
      });
    },
  };
  return spec;
}
