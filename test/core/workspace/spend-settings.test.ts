/**
 * `/ml settings` spending and escalation sections (issue 17): ≤ 5 fields each, every refusal
 * states its rule (including the rules between values of different sections), saves audited
 * with before and after, and the saved values become the engine's policy.
 */
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../../src/core/shared/policy.ts';
import type { Actor } from '../../../src/core/shared/types.ts';
import { defaultSettings, settingsToPolicy } from '../../../src/core/workspace/index.ts';
import { APPROVALS, DISCORD_GUILD, discordAdmin, itRefusesEach, type Refusal } from './settings-forms.ts';
import { admin, TENANT, world } from './world.ts';

describe('the spending and escalation forms', () => {
  it('open with their fields, empty when off, at most 5 on every platform', async () => {
    const w = world();
    const open = async (actor: Actor, section: string, where = w.where()) =>
      (await w.send(w.action(actor, 'settings', section, where))).forms[0];
    const spending = await open(admin, 'spending');
    expect(spending?.title).toBe('Spending controls');
    expect(spending?.fields.map((f) => [f.id, f.initial, f.optional])).toEqual([
      ['second_threshold_usd', undefined, true],
      ['member_budget_usd', undefined, true],
      ['workspace_budget_usd', undefined, true],
    ]);
    const escalation = await open(admin, 'escalation');
    expect(escalation?.fields.map((f) => [f.id, f.kind])).toEqual([
      ['reminder_hours', 'number'],
      ['escalate_hours', 'number'],
      ['fallback_users', 'users'],
      ['fallback_groups', 'usergroups'],
    ]);
    const discord = await open(discordAdmin, 'escalation', w.where('discord', DISCORD_GUILD));
    expect(discord?.fields.map((f) => f.id)).toEqual(['reminder_hours', 'escalate_hours', 'fallback_roles']);
    for (const f of [spending, escalation, discord]) {
      expect(f?.fields.length).toBeLessThanOrEqual(5);
      // Discord shows at most 45 characters of a label and 100 of a placeholder: the rule must fit.
      for (const field of f?.fields ?? []) {
        expect(field.label.length).toBeLessThanOrEqual(45);
        expect(field.hint?.length ?? 0).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('saving spend controls', () => {
  it('spending: saved, audited before → after, prefilled next time; empty turns each off', async () => {
    const w = world();
    const { replies } = await w.send(
      w.form(admin, 'settings_spending', {
        second_threshold_usd: '500',
        member_budget_usd: '$200',
        workspace_budget_usd: '1000',
      }),
    );
    expect(w.directory.saved.get(TENANT)).toMatchObject({
      secondApprovalThresholdCents: 50_000,
      memberMonthlyBudgetCents: 20_000,
      workspaceMonthlyBudgetCents: 100_000,
    });
    expect(replies[0]?.fields).toEqual([
      { label: 'Second approval', value: 'off → from $500.00' },
      { label: 'Member monthly budget', value: 'none → $200.00' },
      { label: 'Workspace monthly budget', value: 'none → $1,000.00' },
    ]);
    expect(w.directory.audits.get(TENANT)?.at(-1)).toMatchObject({
      requestId: 'settings',
      actor: { id: admin.id },
      detail:
        'settings changed (spending): Second approval: off → from $500.00; Member monthly budget: none → $200.00; Workspace monthly budget: none → $1,000.00',
    });
    const form = (await w.send(w.action(admin, 'settings', 'spending'))).forms[0];
    expect(form?.fields.map((f) => f.initial)).toEqual(['500', '200', '1000']);

    await w.send(
      w.form(admin, 'settings_spending', { second_threshold_usd: '', member_budget_usd: '', workspace_budget_usd: '' }),
    );
    const off = w.directory.saved.get(TENANT);
    expect(off?.secondApprovalThresholdCents).toBeUndefined();
    expect(off?.memberMonthlyBudgetCents).toBeUndefined();
    expect(off?.workspaceMonthlyBudgetCents).toBeUndefined();
  });

  it('escalation: hours and fallback approvers saved and audited', async () => {
    const w = world();
    await w.send(
      w.form(admin, 'settings_escalation', {
        reminder_hours: '4',
        escalate_hours: '12',
        fallback_users: ['U0CFO'],
        fallback_groups: 'S0FINANCE',
      }),
    );
    expect(w.directory.saved.get(TENANT)).toMatchObject({
      reminderAfterMs: 4 * 3_600_000,
      escalateAfterMs: 12 * 3_600_000,
      fallbackApprovers: { slack: ['U0CFO', 'S0FINANCE'] },
    });
    expect(w.directory.audits.get(TENANT)?.at(-1)?.detail).toBe(
      'settings changed (escalation): Reminder: off → after 4 hours; Escalation: off → after 12 hours; Fallback approvers: none → U0CFO, S0FINANCE',
    );
  });
});

describe('the rules between values: stated, nothing saved', () => {
  const cases: Refusal[] = [
    [
      'a budget under the minimum top-up',
      'settings_spending',
      { second_threshold_usd: '', member_budget_usd: '5', workspace_budget_usd: '' },
      'member_budget_usd',
      "The monthly budget per member must be at least $10.00, ModelsLab's minimum top-up, or empty (no budget) (got $5.00).",
    ],
    [
      'a budget that is not an amount',
      'settings_spending',
      { second_threshold_usd: '', member_budget_usd: '', workspace_budget_usd: 'lots' },
      'workspace_budget_usd',
      'The monthly budget of the workspace must be a dollar amount like 50 or 49.99 (got "lots").',
    ],
    [
      'escalation before the reminder',
      'settings_escalation',
      { reminder_hours: '8', escalate_hours: '8', fallback_users: [], fallback_groups: '' },
      'escalate_hours',
      'The escalation (after 8 hours) must come after the reminder (after 8 hours).',
    ],
    [
      'a reminder at the expiry',
      'settings_escalation',
      { reminder_hours: '24', escalate_hours: '', fallback_users: [], fallback_groups: '' },
      'reminder_hours',
      'The reminder (after 24 hours) must come before the approval expiry (24 hours).',
    ],
    [
      'an escalation after the expiry',
      'settings_escalation',
      { reminder_hours: '', escalate_hours: '30', fallback_users: [], fallback_groups: '' },
      'escalate_hours',
      'The escalation (after 30 hours) must come before the approval expiry (24 hours).',
    ],
    [
      'a fallback approver that is not a person',
      'settings_escalation',
      { reminder_hours: '', escalate_hours: '', fallback_users: ['bob'], fallback_groups: '' },
      'fallback_users',
      'Approvers are Slack people: user ids like U0123ABCD or W0123ABCD, or @mentions (got "bob").',
    ],
  ];
  itRefusesEach(cases);

  it('a second threshold under the first, from either form', async () => {
    const w = world();
    await w.send(w.form(admin, 'settings_approvals', { ...APPROVALS, threshold_usd: '100' }));
    const low = { second_threshold_usd: '50', member_budget_usd: '', workspace_budget_usd: '' };
    const rule =
      'The second-approval threshold ($50.00) must be at or above the approval threshold ($100.00): larger requests need more approvers, not fewer.';
    expect(await w.router.checkForm(w.form(admin, 'settings_spending', low))).toEqual({ second_threshold_usd: rule });

    await w.send(w.form(admin, 'settings_spending', { ...low, second_threshold_usd: '500' }));
    const raised = { ...APPROVALS, threshold_usd: '600' };
    expect(await w.router.checkForm(w.form(admin, 'settings_approvals', raised))).toEqual({
      threshold_usd:
        'The second-approval threshold ($500.00) must be at or above the approval threshold ($600.00): larger requests need more approvers, not fewer.',
    });
  });

  it('an expiry shortened under the reminder is refused in the approvals form', async () => {
    const w = world();
    await w.send(
      w.form(admin, 'settings_escalation', {
        reminder_hours: '10',
        escalate_hours: '',
        fallback_users: [],
        fallback_groups: '',
      }),
    );
    expect(await w.router.checkForm(w.form(admin, 'settings_approvals', { ...APPROVALS, expiry_hours: '8' }))).toEqual({
      expiry_hours: 'The reminder (after 10 hours) must come before the approval expiry (8 hours).',
    });
  });
});

describe('spend controls and the policy', () => {
  it('env defaults start a tenant; its settings replace them whole (turned off stays off)', () => {
    const env = makePolicy({
      approvalThresholdCents: 2500,
      secondApprovalThresholdCents: 50_000,
      memberMonthlyBudgetCents: 20_000,
      reminderAfterMs: 3_600_000,
    });
    const start = defaultSettings(env, { approvers: {}, fallbackApprovers: { slack: ['U0CFO'] } });
    expect(start).toMatchObject({
      secondApprovalThresholdCents: 50_000,
      memberMonthlyBudgetCents: 20_000,
      reminderAfterMs: 3_600_000,
      fallbackApprovers: { slack: ['U0CFO'] },
    });
    expect(start.workspaceMonthlyBudgetCents).toBeUndefined();
    const { memberMonthlyBudgetCents: _m, ...noMemberBudget } = start;
    const policy = settingsToPolicy(env, { ...noMemberBudget, workspaceMonthlyBudgetCents: 90_000 });
    expect(policy.memberMonthlyBudgetCents).toBeUndefined();
    expect(policy).toMatchObject({ secondApprovalThresholdCents: 50_000, workspaceMonthlyBudgetCents: 90_000 });
  });
});
