/**
 * Platform-neutral references and the inbound event union.
 * Adapters turn slash commands and button clicks into `InboundEvent`; the engine never sees
 * a Slack or Discord payload.
 */
import type { FormName, FormValues } from './forms.ts';

/** The platforms the bot speaks on; config (ALERT_CHANNEL) and every adapter read this one list. */
export const PLATFORMS = ['slack', 'discord', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A person on one platform. `id` is the platform's user id (Slack `U…`, Discord snowflake). */
export interface UserRef {
  readonly platform: Platform;
  readonly id: string;
  /** Display name for receipts and the audit log; never used for authorisation. */
  readonly name?: string;
}

/** Where a request lives: a channel (Slack `C…`, Discord channel id) in a workspace or guild. */
export interface ConversationRef {
  readonly platform: Platform;
  readonly channelId: string;
  /** Slack team id or Discord guild id, when known. */
  readonly workspaceId?: string;
  /**
   * Slack Enterprise Grid: the enterprise id, set only when the app is installed org-wide (Bolt's
   * `isEnterpriseInstall`), so the whole enterprise is one tenant (core/shared/tenant.ts).
   */
  readonly enterpriseId?: string;
}

/**
 * A message the bot posted and may edit later. Slack: channel + `ts`; Discord: channel + message id.
 * Stored on the request so that updates after a restart (or after the 15-minute Discord token
 * and the 5-uses/30-minutes Slack response_url are gone) still reach the right message.
 */
export interface MessageRef {
  readonly platform: Platform;
  readonly channelId: string;
  readonly messageId: string;
  /** When the message itself sits in a thread. */
  readonly threadId?: string;
}

/** The person acting, with the platform-resolved facts the engine's policy needs. */
export interface Actor extends UserRef {
  /**
   * Resolved by the adapter from platform data (Slack: SLACK_APPROVERS users and user groups;
   * Discord: DISCORD_APPROVER_ROLE_ID or Manage Server). The rule "only approvers approve"
   * lives in core; only the lookup is platform-specific.
   */
  readonly isApprover: boolean;
  /**
   * One of the tenant's fallback approvers (TenantSettings.fallbackApprovers; Slack users/groups,
   * Discord roles, playground people), resolved by the adapter like `isApprover`. They may decide
   * a request only once it has escalated (core/requests/escalation.ts).
   */
  readonly isFallbackApprover?: boolean;
  /** Discord admins (Manage Server) may post subscribe panels; Slack: false unless configured. */
  readonly isAdmin?: boolean;
  /**
   * The person's language tag as the platform gives it (Discord interaction `locale`, Slack
   * `users.info` locale, the playground person's language); core maps it with `localeOf`.
   */
  readonly locale?: string;
}

/** The four top-level commands; `ml` carries a sub-command in `text` ("status", "coupon X", …). */
export type CommandName = 'fund' | 'subscribe' | 'balance' | 'ml';

/**
 * Button actions. A button carries `action` and a `value` (usually a request id) — on Discord
 * these are joined as `custom_id` `<action>:<value>` (≤ 100 chars), on Slack as `action_id`
 * and `value`.
 */
export const ACTION_NAMES = [
  'approve',
  'deny',
  'paid', // "I've paid": poll soon
  'cancel',
  'new_link', // renew an expired link under the same approval
  'try_again', // a failed request: a new attempt under the same approval
  'pick_plan', // value: plan id (subscribe flow, and the Discord panel)
  'topup', // value: suggested amount in cents (low-balance alert)
  'tx_page', // value: "<type|all>:<offset>"
  'coupon_redeem', // value: coupon code
  'sub_manage', // value: "<op>:<subscription id>[:<plan id>]", asks for confirmation
  'sub_confirm', // value: same as sub_manage, performs it
  'dismiss',
  'connect', // open the "Connect ModelsLab" form (the installer's DM, the not-connected answer)
  'settings', // value: a settings section; opens its form (core/workspace)
  'disconnect', // value: "confirm"; the "Disconnect" button of /ml disconnect's confirmation (core/workspace)
  'withdraw_approval', // value: request id; the first approver of a two-person request takes their approval back
  'topup_custom', // value: suggested amount in cents; opens the custom top-up amount form (low-balance alert)
  'fund_form', // value: a note to prefill; opens the fund form (Slack shortcuts)
  'charge_card', // value: request id; an approver charges the card on file for an approved top-up (core/fund/charge-card.ts)
  'card_manage', // value: "<default|remove>:<payment method id>"; asks for confirmation (core/cards)
  'card_confirm', // value: same as card_manage; performs it (core/cards)
  'card_add', // DMs the approver a one-use add-card link (core/cards)
  'billing_edit', // value: "contact" | "address"; opens the billing details form (core/billing-details)
  'fix_payment', // value: subscription id; an approver repairs a failed subscription payment (core/subscriptions/fix-payment.ts)
] as const;

/** One of ACTION_NAMES: the type and every adapter's routing derive from that one list. */
export type ActionName = (typeof ACTION_NAMES)[number];

const ACTION_NAME_SET: ReadonlySet<string> = new Set(ACTION_NAMES);

/** Whether a platform's action id (Slack `action_id`, Discord `custom_id` prefix) is one core handles. */
export function isActionName(name: string): name is ActionName {
  return ACTION_NAME_SET.has(name);
}

interface EventBase {
  readonly platform: Platform;
  /**
   * Stable id of the platform delivery (Slack: trigger_id / envelope id; Discord: interaction id).
   * The same delivery seen twice is processed once.
   */
  readonly eventId: string;
  readonly actor: Actor;
  readonly conversation: ConversationRef;
  /** When the adapter received it (ms since epoch), for ack-latency metrics. */
  readonly receivedAt: number;
}

export interface CommandEvent extends EventBase {
  readonly kind: 'command';
  readonly command: CommandName;
  /** Everything after the command, as typed (Discord options are joined back into text). */
  readonly text: string;
}

/**
 * The message holding a clicked button, as the platform reports it. A click acts on a request
 * only when this message is one of that request's own (core/fund/clicked-message.ts).
 */
export interface ClickedMessage extends MessageRef {
  /**
   * Shown to one person only (Slack `container.is_ephemeral`, Discord's Ephemeral flag, the
   * playground's ephemeral lines). Such messages are never stored, so they are matched by where
   * they were shown instead of by id.
   */
  readonly ephemeral?: boolean;
}

export interface ActionEvent extends EventBase {
  readonly kind: 'action';
  readonly action: ActionName;
  readonly value: string;
  /**
   * The message holding the clicked button. Adapters always set it when the platform says
   * (Slack: container channel + message_ts; Discord: interaction.message; playground: its id);
   * a request-scoped click without it is refused.
   */
  readonly message?: ClickedMessage;
}

/** A submitted form (Slack view_submission, Discord modal submit, the playground's dialog). */
export interface FormEvent extends EventBase {
  readonly kind: 'form';
  readonly form: FormName;
  readonly values: FormValues;
  /** The FormSpec's opaque context, as the platform returned it (never trusted for authorisation). */
  readonly context?: string;
}

export type InboundEvent = CommandEvent | ActionEvent | FormEvent;
