/**
 * Settings and the engine's Policy: the environment's policy is where a new tenant starts
 * (`defaultSettings`), and a tenant's saved settings become its engine's policy
 * (`settingsToPolicy`), the rest (minimum top-up, sandbox) staying the deployment's.
 */
import type { Locale } from '../shared/i18n.ts';
import type { Cents } from '../shared/money.ts';
import type { Policy } from '../shared/policy.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';

const MINUTE = 60_000;

/** The spend-control fields Policy and TenantSettings share (all optional: unset is off). */
const SPEND_KEYS = [
  'secondApprovalThresholdCents',
  'memberMonthlyBudgetCents',
  'workspaceMonthlyBudgetCents',
  'reminderAfterMs',
  'escalateAfterMs',
] as const;

type SpendControls = Partial<Record<(typeof SPEND_KEYS)[number], number>>;

function spendControls(from: SpendControls): SpendControls {
  const out: Record<string, number> = {};
  for (const k of SPEND_KEYS) {
    const v = from[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function settingsToPolicy(base: Policy, settings: TenantSettings): Policy {
  // The tenant's settings replace the environment's spend controls whole: one it turned off stays off.
  const {
    secondApprovalThresholdCents: _s,
    memberMonthlyBudgetCents: _m,
    workspaceMonthlyBudgetCents: _w,
    reminderAfterMs: _r,
    escalateAfterMs: _e,
    ...rest
  } = base;
  return {
    ...rest,
    ...spendControls(settings),
    approvalThresholdCents: settings.approvalThresholdCents,
    maxFundCents: settings.maxFundCents,
    allowSelfApproval: settings.allowSelfApproval,
    approvalTtlMs: settings.approvalTtlMs,
    newRequestLimit: { count: settings.requestsPerMinute, windowMs: MINUTE },
  };
}

export function defaultSettings(
  policy: Policy,
  defaults: {
    approvers: TenantSettings['approvers'];
    alertChannelId?: string;
    lowBalanceCents?: Cents;
    fallbackApprovers?: TenantSettings['fallbackApprovers'];
    /** BOT_LANGUAGE: the deployment's language, a tenant's until it chooses its own. */
    language?: Locale;
  },
): TenantSettings {
  const { count, windowMs } = policy.newRequestLimit;
  return {
    approvers: defaults.approvers,
    approvalThresholdCents: policy.approvalThresholdCents,
    maxFundCents: policy.maxFundCents,
    allowSelfApproval: policy.allowSelfApproval,
    approvalTtlMs: policy.approvalTtlMs,
    // Settings count per minute; a policy built with another window is scaled to one.
    requestsPerMinute: Math.max(1, Math.round((count * MINUTE) / windowMs)),
    ...(defaults.alertChannelId !== undefined ? { alertChannelId: defaults.alertChannelId } : {}),
    ...(defaults.lowBalanceCents !== undefined ? { lowBalanceCents: defaults.lowBalanceCents } : {}),
    ...spendControls(policy),
    ...(defaults.fallbackApprovers !== undefined ? { fallbackApprovers: defaults.fallbackApprovers } : {}),
    ...(defaults.language !== undefined ? { language: defaults.language } : {}),
  };
}
