/**
 * `/ml settings`: the summary with each value and its rule, an Edit form per section (≤ 5
 * fields, per platform), every field checked with the rule stated, and every saved change
 * audited with who, before and after.
 */
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../../src/core/shared/policy.ts';
import type { Actor } from '../../../src/core/shared/types.ts';
import { defaultSettings, settingsToPolicy } from '../../../src/core/workspace/index.ts';
import { APPROVALS, DISCORD_GUILD, discordAdmin, itRefusesEach, type Refusal } from './settings-forms.ts';
import { admin, DEFAULTS, member, TENANT, world } from './world.ts';

const LIMITS = { max_fund_usd: '1000', requests_per_minute: '5' };

describe('the summary', () => {
  it('shows every setting with its rule, and one Edit button per section', async () => {
    const w = world();
    const { replies } = await w.send(w.command(admin, 'settings'));
    const fields = Object.fromEntries((replies[0]?.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields).toEqual({
      Approvers: 'U0BOSS. These people and user groups approve or deny requests.',
      'Approval threshold': '$0.00. Requests at or above this need an approver; $0.00 means every request does.',
      'Self-approval': 'no. Whether an approver may approve their own request.',
      'Approval expiry': '24 hours. An unanswered request expires after this long (1 to 336 hours).',
      'Largest request': '$1,000.00. The most one request may ask for ($10.00 to $10,000.00).',
      'Requests per member': '5 per minute. New requests one member may open each minute (1 to 1,000).',
      'Alert channel': 'none. Low-balance alerts are posted here.',
      'Low-balance alert':
        'off. An alert is posted in the alert channel when the balance falls below this; empty turns it off.',
      'Second approval':
        'off. Requests at or above this need two different approvers (the requester never counts); at or above the approval threshold.',
      'Member monthly budget':
        'none. Confirmed payments per member per calendar month (UTC); a request over it needs an approver even under the threshold.',
      'Workspace monthly budget':
        'none. Confirmed payments of the whole workspace per calendar month (UTC); a request over it needs an approver.',
      Reminder: 'off. One reminder to the approvers in the card thread; before the approval expiry.',
      Escalation: 'off. Then the fallback approvers may decide too; after the reminder, before the approval expiry.',
      'Fallback approvers': 'none. These people (and user groups) may decide an escalated request.',
      // Issue 16: the workspace language, a section of its own.
      Language:
        'English (default). Channel posts, and answers to people whose app gives no language, use this: en (English), es (Español). A new Discord server starts in its own language.',
    });
    expect(replies[0]?.buttons?.map((b) => (b.kind === 'action' ? [b.action, b.value, b.label] : []))).toEqual([
      ['settings', 'approvals', 'Edit approvals'],
      ['settings', 'limits', 'Edit limits'],
      ['settings', 'alerts', 'Edit alerts'],
      ['settings', 'spending', 'Edit spending'],
      ['settings', 'escalation', 'Edit escalation'],
      ['settings', 'language', 'Edit language'],
    ]);
  });

  it('a member is refused the summary, the forms and the submit', async () => {
    const w = world();
    const a = await w.send(w.command(member, 'settings'));
    const b = await w.send(w.action(member, 'settings', 'limits'));
    const c = await w.send(w.form(member, 'settings_limits', { ...LIMITS, max_fund_usd: '50' }));
    for (const r of [a, b, c])
      expect(r.replies[0]?.text).toMatch(/^Only workspace admins or the person who installed the app/);
    expect(b.forms).toEqual([]);
    expect(w.directory.calls).toEqual([]);
  });

  it('single-team mode: the environment is the settings, shown without Edit buttons', async () => {
    const w = world('single');
    const { replies } = await w.send(w.command(admin, 'settings'));
    expect(replies[0]?.text).toContain('come from its environment');
    expect(replies[0]?.buttons).toBeUndefined();
    const submit = await w.send(w.form(admin, 'settings_limits', LIMITS));
    expect(submit.replies[0]?.text).toContain('set by its operator');
    expect(w.directory.calls).toEqual([]);
  });
});

describe('the forms', () => {
  it('each section opens a prefilled form of at most 5 fields, with pickers per platform', async () => {
    const w = world();
    const guild = w.where('discord', DISCORD_GUILD);
    const open = async (actor: Actor, section: string, where = w.where()) =>
      (await w.send(w.action(actor, 'settings', section, where))).forms[0];
    const slack = await open(admin, 'approvals');
    expect(slack?.fields.map((f) => [f.id, f.kind])).toEqual([
      ['approver_users', 'users'],
      ['approver_groups', 'usergroups'],
      ['threshold_usd', 'number'],
      ['self_approval', 'toggle'],
      ['expiry_hours', 'number'],
    ]);
    expect(slack?.fields[0]?.initial).toEqual(['U0BOSS']);
    const discord = await open(discordAdmin, 'approvals', guild);
    expect(discord?.fields.map((f) => [f.id, f.kind])).toEqual([
      ['approver_roles', 'roles'],
      ['threshold_usd', 'number'],
      ['self_approval', 'toggle'],
      ['expiry_hours', 'number'],
    ]);
    expect(discord?.context).toBe(`discord:${DISCORD_GUILD}`);
    expect((await open(admin, 'limits'))?.fields.map((f) => [f.id, f.initial])).toEqual([
      ['max_fund_usd', '1000'],
      ['requests_per_minute', '5'],
    ]);
    expect((await open(admin, 'alerts'))?.fields.map((f) => [f.id, f.kind, f.optional])).toEqual([
      ['alert_channel', 'channel', true],
      ['low_balance_usd', 'number', true],
    ]);
    for (const f of [slack, discord]) expect(f?.fields.length).toBeLessThanOrEqual(5);
  });

  it('an unknown section, or a form that cannot be shown, gets a clear answer', async () => {
    const w = world();
    expect((await w.send(w.action(admin, 'settings', 'billing'))).replies[0]?.text).toBe(
      'That settings section does not exist; run /ml settings.',
    );
    expect((await w.send(w.action(admin, 'settings', 'limits'), { forms: 'throws' })).replies[0]?.text).toBe(
      'I could not open the form in time (the click or command expired). Run /ml settings again.',
    );
  });
});

describe('validation: each refusal states the rule, and nothing is saved', () => {
  const cases: Refusal[] = [
    [
      'approver not a Slack user',
      'settings_approvals',
      { ...APPROVALS, approver_users: ['bob'] },
      'approver_users',
      'Approvers are Slack people: user ids like U0123ABCD or W0123ABCD, or @mentions (got "bob").',
    ],
    [
      'group not a user group',
      'settings_approvals',
      { ...APPROVALS, approver_groups: 'U0BOSS' },
      'approver_groups',
      'Approver groups are Slack user-group ids like S0123ABCD (got "U0BOSS").',
    ],
    [
      'threshold not an amount',
      'settings_approvals',
      { ...APPROVALS, threshold_usd: '50,5' },
      'threshold_usd',
      'The approval threshold must be a dollar amount like 50 or 49.99 (got "50,5").',
    ],
    [
      'self-approval not yes/no',
      'settings_approvals',
      { ...APPROVALS, self_approval: 'maybe' },
      'self_approval',
      'Allow self-approval must be yes or no (got "maybe").',
    ],
    [
      'expiry out of range',
      'settings_approvals',
      { ...APPROVALS, expiry_hours: '400' },
      'expiry_hours',
      'Approval expiry (hours) must be a whole number from 1 to 336 (got "400").',
    ],
    [
      'expiry not whole',
      'settings_approvals',
      { ...APPROVALS, expiry_hours: '1.5' },
      'expiry_hours',
      'Approval expiry (hours) must be a whole number from 1 to 336 (got "1.5").',
    ],
    [
      'largest below the minimum top-up',
      'settings_limits',
      { ...LIMITS, max_fund_usd: '5' },
      'max_fund_usd',
      "The largest request must be at least $10.00, ModelsLab's minimum top-up (got $5.00).",
    ],
    [
      'largest above the ceiling',
      'settings_limits',
      { ...LIMITS, max_fund_usd: '20000' },
      'max_fund_usd',
      "The largest request must be at most $10,000.00, ModelsLab's largest top-up (got $20,000.00).",
    ],
    [
      'requests per minute zero',
      'settings_limits',
      { ...LIMITS, requests_per_minute: '0' },
      'requests_per_minute',
      'Requests per member per minute must be a whole number from 1 to 1,000 (got "0").',
    ],
    [
      'alert channel not a channel',
      'settings_alerts',
      { alert_channel: 'general', low_balance_usd: '' },
      'alert_channel',
      'The alert channel must be a Slack channel id like C0123ABCD (or G… for a private one) or a #channel link (got "general").',
    ],
    [
      'low balance not an amount',
      'settings_alerts',
      { alert_channel: 'C0ALERTS', low_balance_usd: 'twenty' },
      'low_balance_usd',
      'The low-balance threshold must be a dollar amount like 50 or 49.99 (got "twenty").',
    ],
    [
      'low balance without a channel',
      'settings_alerts',
      { alert_channel: '', low_balance_usd: '20' },
      'low_balance_usd',
      'A low-balance threshold needs an alert channel to post in: set the channel, or leave the threshold empty (alerts off).',
    ],
  ];
  itRefusesEach(cases);

  it('Discord roles: ids and role mentions, nothing else', async () => {
    const w = world();
    const guild = w.where('discord', DISCORD_GUILD);
    const values = { threshold_usd: '0', self_approval: 'no', expiry_hours: '24' };
    const bad = w.form(
      discordAdmin,
      'settings_approvals',
      { ...values, approver_roles: '<@&523456789012345678> admins' },
      guild,
    );
    expect(await w.router.checkForm(bad)).toEqual({
      approver_roles:
        'Approver roles are Discord role ids (17 to 20 digits, Developer Mode → Copy Role ID) or role mentions (got "admins").',
    });
    const good = w.form(
      discordAdmin,
      'settings_approvals',
      { ...values, approver_roles: '<@&523456789012345678>, 623456789012345678' },
      guild,
    );
    await w.send(good);
    expect(w.directory.saved.get(`discord:${DISCORD_GUILD}`)?.approvers.discord).toEqual([
      '523456789012345678',
      '623456789012345678',
    ]);
  });
});

describe('saving', () => {
  it('saves, answers with what changed, and audits who, before and after (changed fields only)', async () => {
    const w = world();
    const values = {
      ...APPROVALS,
      approver_users: 'U0BOSS <@U0NEW>',
      approver_groups: ['S0FIN'],
      threshold_usd: '$50',
      self_approval: ['yes'],
    };
    const { replies } = await w.send(w.form(admin, 'settings_approvals', values));
    const saved = w.directory.saved.get(TENANT);
    expect(saved).toMatchObject({
      approvalThresholdCents: 5000,
      allowSelfApproval: true,
      approvers: { slack: ['U0BOSS', 'U0NEW', 'S0FIN'], discord: DEFAULTS.approvers.discord },
    });
    expect(replies[0]?.fields).toEqual([
      { label: 'Approvers', value: 'U0BOSS → U0BOSS, U0NEW, S0FIN' },
      { label: 'Approval threshold', value: '$0.00 → $50.00' },
      { label: 'Self-approval', value: 'no → yes' },
    ]);
    expect(w.directory.audits.get(TENANT)).toEqual([
      {
        at: w.clock.now(),
        requestId: 'settings',
        purpose: 'settings',
        from: null,
        to: 'done',
        actor: { platform: 'slack', id: admin.id, name: 'ada' },
        detail:
          'settings changed (approvals): Approvers: U0BOSS → U0BOSS, U0NEW, S0FIN; Approval threshold: $0.00 → $50.00; Self-approval: no → yes',
      },
    ]);
  });

  it('a submit that changes nothing saves nothing and says so', async () => {
    const w = world();
    const { replies } = await w.send(w.form(admin, 'settings_limits', LIMITS));
    expect(replies[0]?.text).toBe('Nothing changed.');
    expect(w.directory.calls).toEqual([]);
    expect(w.directory.audits.get(TENANT) ?? []).toEqual([]);
  });

  it('alerts: a channel mention and a threshold; empty again turns them off', async () => {
    const w = world();
    await w.send(w.form(admin, 'settings_alerts', { alert_channel: ['<#C0ALERTS|billing>'], low_balance_usd: '20' }));
    expect(w.directory.saved.get(TENANT)).toMatchObject({ alertChannelId: 'C0ALERTS', lowBalanceCents: 2000 });
    await w.send(w.form(admin, 'settings_alerts', { alert_channel: [], low_balance_usd: '' }));
    const off = w.directory.saved.get(TENANT);
    expect(off?.alertChannelId).toBeUndefined();
    expect(off?.lowBalanceCents).toBeUndefined();
    expect(w.directory.audits.get(TENANT)?.at(-1)?.detail).toBe(
      'settings changed (alerts): Alert channel: C0ALERTS → none; Low-balance alert: below $20.00 → off',
    );
  });
});

describe('settings and the policy', () => {
  it('the environment is where a tenant starts, and saved settings become its engine’s policy', () => {
    const env = makePolicy({
      approvalThresholdCents: 2500,
      maxFundCents: 50_000,
      allowSelfApproval: true,
      approvalTtlMs: 2 * 3_600_000,
      newRequestLimit: { count: 3, windowMs: 60_000 },
      sandbox: true,
    });
    const start = defaultSettings(env, { approvers: { slack: ['U1'] }, alertChannelId: 'C1', lowBalanceCents: 1000 });
    expect(start).toEqual({
      approvers: { slack: ['U1'] },
      approvalThresholdCents: 2500,
      maxFundCents: 50_000,
      allowSelfApproval: true,
      approvalTtlMs: 7_200_000,
      requestsPerMinute: 3,
      alertChannelId: 'C1',
      lowBalanceCents: 1000,
    });
    const policy = settingsToPolicy(env, { ...start, maxFundCents: 20_000, requestsPerMinute: 9 });
    expect(policy).toEqual({ ...env, maxFundCents: 20_000, newRequestLimit: { count: 9, windowMs: 60_000 } });
  });
});
