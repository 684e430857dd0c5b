/**
 * `/ml panel` (admins): post a lasting subscribe panel with plan buttons in this channel. It is a
 * Discord feature (server admins: Manage Server); the playground has it too. Slack has no admins
 * the bot knows of (Actor.isAdmin is never set there), so help does not list it on Slack and the
 * answer there points at `/ml-subscribe`, whose plan picker does the same job.
 */
import { MessengerError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { info, notPosted, refusal } from '../shared/notices.ts';
import type { Platform } from '../shared/types.ts';
import { subscribePanel } from './panel-view.ts';
import { loadPlans } from './subscribe.ts';

export const PANEL_PLATFORMS: readonly Platform[] = ['discord', 'web'];

/** Who may post it, as each platform calls them. */
const ADMIN_RULE: Partial<Record<Platform, MessageKey>> = {
  discord: 'subscriptions.panel_rule_discord',
  web: 'subscriptions.panel_rule_web',
  slack: 'subscriptions.panel_rule_slack',
};

export const panelCommand: CommandSpec = {
  name: 'panel',
  usage: '/ml panel',
  example: '/ml panel',
  summary: 'Admins: post a lasting subscribe panel with one button per plan in this channel.',
  audience: 'admins',
  platforms: PANEL_PLATFORMS,
  async run({ s, event, respond, t }) {
    if (!event.actor.isAdmin) {
      await respond.reply(refusal(t.t(ADMIN_RULE[event.platform] ?? 'subscriptions.panel_rule_web')));
      return;
    }
    const plans = await loadPlans(s, respond);
    if (!plans) return;
    try {
      // A lasting channel post: the workspace's language, not the admin's.
      await s.outbox.messenger(event.platform).post(event.conversation, subscribePanel(s.texts(s.locale()), plans));
    } catch (err) {
      if (!(err instanceof MessengerError)) throw err;
      await respond.reply(
        refusal(notPosted(t, err, event.platform, t.t('subscriptions.panel_what'), t.t('subscriptions.panel_so'))),
      );
      return;
    }
    await respond.reply(info(t.t('subscriptions.panel_posted')));
  },
};
