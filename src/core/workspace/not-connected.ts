/**
 * The answers for a tenant the router cannot serve yet: one with no ModelsLab account connected
 * (every billing command gets the rule and a Connect button, and nothing changes), and an event
 * whose workspace the router cannot tell.
 */
import type { Texts } from '../shared/i18n.ts';
import { EN } from '../shared/messages/en/index.ts';
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { adminsOf } from './permissions.ts';

/** The rule in English, as tests and the engine's English-only callers quote it. */
export const NOT_CONNECTED_RULE = EN['workspace.not_connected_rule'];

/** The rule with who may follow it, in the platform's words: "…first: members with Manage Server can run /ml connect." */
function connectRule(t: Texts, platform: Platform): string {
  return t.t('workspace.connect_rule', { admins: adminsOf(t, platform) });
}

export function connectButton(t: Texts) {
  return {
    kind: 'action',
    action: 'connect',
    value: 'connect',
    label: t.t('workspace.connect_button'),
    style: 'primary',
  } as const;
}

export function notConnectedReply(t: Texts, platform: Platform): Reply {
  return {
    text: t.t('workspace.not_connected_reply', { rule: connectRule(t, platform) }),
    buttons: [connectButton(t)],
    tone: 'warning',
    ephemeral: true,
  };
}

/** The App Home of a workspace with no account yet. */
export function notConnectedHome(t: Texts, platform: Platform): Reply[] {
  return [
    {
      title: t.t('workspace.not_connected_home_title'),
      text: t.t('workspace.not_connected_home_text', { rule: connectRule(t, platform) }),
      buttons: [connectButton(t)],
      tone: 'info',
    },
  ];
}

export function unknownTenantReply(t: Texts): Reply {
  return { text: t.t('workspace.unknown_tenant_reply'), tone: 'warning', ephemeral: true };
}

export function unknownTenantHome(t: Texts): Reply[] {
  return [{ text: t.t('workspace.unknown_tenant_home'), tone: 'info' }];
}
