/**
 * `/ml help`: the command table with an example for every command, written as typed on the
 * platform, listing only the commands that exist there (the subscribe panel is Discord's) and
 * naming who may use them in that platform's words. The workspace's own commands (`/ml connect`,
 * `/ml disconnect`, `/ml settings`: core/workspace) are in the table too, for admins.
 *
 * Summaries come from the catalog (help-texts.ts, keyed by command name); a command missing there
 * shows its spec's English summary, so a new command is never left out of the list.
 */
import type { CommandSpec } from '../shared/handler.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { commandLine } from '../shared/usage.ts';
import { helpSummary } from './help-texts.ts';

/** Who may use an approver or admin command, as the platform calls them. */
const WHO: Record<Platform, Record<string, MessageKey>> = {
  slack: { approvers: 'help.who_approvers', admins: 'help.who_admins' },
  discord: { approvers: 'help.who_approvers', admins: 'help.who_admins_discord' },
  web: { approvers: 'help.who_approvers', admins: 'help.who_admins' },
};

export function commandsOn(table: readonly CommandSpec[], platform: Platform): CommandSpec[] {
  return table.filter((c) => !c.platforms || c.platforms.includes(platform));
}

/** The help list for `platform`: every command of `table` that exists there, with an example. */
export function helpReply(t: Texts, table: readonly CommandSpec[], platform: Platform): Reply {
  // On Discord `/ml` has one text option: what follows `/ml` below goes in it.
  return {
    title: t.t('help.title'),
    text: t.t(platform === 'discord' ? 'help.intro_discord' : 'help.intro'),
    fields: commandsOn(table, platform).map((c) => {
      const who = WHO[platform][c.audience ?? ''];
      return {
        label: `${commandLine(c.usage, platform)}${who ? t.t(who) : ''}`,
        value: t.t('help.entry', { summary: helpSummary(t, c), example: commandLine(c.example, platform) }),
      };
    }),
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
    async run({ event, respond, t }) {
      await respond.reply(helpReply(t, table(), event.platform));
    },
  };
  return spec;
}
