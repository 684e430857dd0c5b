/**
 * The answers for a tenant the router cannot serve yet: one with no ModelsLab account connected
 * (every billing command gets the rule and a Connect button, and nothing changes), and an event
 * whose workspace the router cannot tell.
 */
import type { Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import { ADMINS } from './permissions.ts';

export const NOT_CONNECTED_RULE = 'A ModelsLab account must be connected first';

/** The rule with who may follow it, in the platform's words: "…first: members with Manage Server can run /ml connect." */
function connectRule(platform: Platform): string {
  return `${NOT_CONNECTED_RULE}: ${ADMINS[platform]} can run /ml connect.`;
}

export const CONNECT_BUTTON = {
  kind: 'action',
  action: 'connect',
  value: 'connect',
  label: 'Connect ModelsLab',
  style: 'primary',
} as const;

export function notConnectedReply(platform: Platform): Reply {
  return {
    text: `This workspace has no ModelsLab account connected yet, so nothing was done. ${connectRule(platform)}`,
    buttons: [CONNECT_BUTTON],
    tone: 'warning',
    ephemeral: true,
  };
}

/** The App Home of a workspace with no account yet. */
export function notConnectedHome(platform: Platform): Reply[] {
  return [
    {
      title: 'mlbot is not connected yet',
      text: `${connectRule(platform)} Until then nobody can fund or subscribe from here.`,
      buttons: [CONNECT_BUTTON],
      tone: 'info',
    },
  ];
}

export function unknownTenantReply(): Reply {
  return {
    text: "I can't tell which workspace this belongs to, so nothing was done. Use the command in a channel of your workspace or server.",
    tone: 'warning',
    ephemeral: true,
  };
}

export function unknownTenantHome(): Reply[] {
  return [{ text: "I can't tell which workspace this Home belongs to. Open it from your workspace.", tone: 'info' }];
}
