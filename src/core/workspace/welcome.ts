/**
 * The DM the installer gets right after installing the app: what the bot does, that an admin
 * must connect a ModelsLab account before anyone can pay, the Connect button, and /ml settings.
 */
import type { Texts } from '../shared/i18n.ts';
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { connectButton } from './not-connected.ts';
import { adminsOf } from './permissions.ts';

export function installWelcome(t: Texts, platform: Platform, sandbox: boolean): Reply {
  return {
    title: t.t('workspace.welcome_title'),
    text: t.t('workspace.welcome_text', { admins: adminsOf(t, platform) }),
    ...(sandbox ? { context: [t.t('workspace.welcome_sandbox')] } : {}),
    buttons: [connectButton(t)],
    tone: 'info',
  };
}
