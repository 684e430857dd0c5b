/**
 * The desk's commands as help lists them (registry/commands.ts puts them in the table). The
 * router sends these to the desk; `run` is what an engine without a router answers (a bot built
 * before tenants, tests): the single-team answer, since such an engine is the operator's.
 */
import type { CommandSpec } from '../shared/handler.ts';
import { operatorAnswer } from './connect.ts';

const operatorOnly: CommandSpec['run'] = async ({ s, respond, t }) => {
  await respond.reply(operatorAnswer(t, s.policy.sandbox));
};

export const connectCommand: CommandSpec = {
  name: 'connect',
  usage: '/ml connect',
  example: '/ml connect',
  summary: 'Connect the ModelsLab account this workspace pays into (a form for its agent access token).',
  audience: 'admins',
  run: operatorOnly,
};

export const disconnectCommand: CommandSpec = {
  name: 'disconnect',
  usage: '/ml disconnect',
  example: '/ml disconnect',
  summary: 'Disconnect the ModelsLab account (asks to confirm; links already sent stay payable).',
  audience: 'admins',
  run: operatorOnly,
};

export const settingsCommand: CommandSpec = {
  name: 'settings',
  usage: '/ml settings',
  example: '/ml settings',
  summary: 'See and change approvers, thresholds, limits and balance alerts.',
  audience: 'admins',
  async run({ respond, t }) {
    await respond.reply({
      text: t.t('workspace.settings_from_env'),
      tone: 'info',
      ephemeral: true,
    });
  },
};

export const WORKSPACE_COMMANDS: readonly CommandSpec[] = [connectCommand, disconnectCommand, settingsCommand];
