/**
 * The DM the installer gets right after installing the app: what the bot does, that an admin
 * must connect a ModelsLab account before anyone can pay, the Connect button, and /ml settings.
 */
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { CONNECT_BUTTON } from './not-connected.ts';
import { ADMINS } from './permissions.ts';

export function installWelcome(platform: Platform, sandbox: boolean): Reply {
  return {
    title: 'Thanks for installing mlbot',
    text:
      'mlbot lets your team top up and subscribe to your ModelsLab account from chat: a member asks ' +
      '(/ml-fund 50), an approver approves, and the payer gets a payment link by DM. ' +
      `First, an admin must connect a ModelsLab account: click Connect ModelsLab or run /ml connect (${ADMINS[platform]}). ` +
      'Then /ml settings chooses the approvers, the approval threshold, the largest request and the balance alerts.',
    ...(sandbox ? { context: ['Sandbox: connect with any token sandbox-<name>; payments are simulated.'] } : {}),
    buttons: [CONNECT_BUTTON],
    tone: 'info',
  };
}
