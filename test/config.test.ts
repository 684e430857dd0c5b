import { describe, expect, it } from 'vitest';
import { MAX_FUND_USD, MIN_FUND_USD } from '../src/billing/input-checks.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { MIN_FUND_CENTS } from '../src/core/shared/money.ts';
import { makePolicy } from '../src/core/shared/policy.ts';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in sandbox mode with the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.sandbox).toBe(true);
    expect(c.http).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(c.storeUrl).toBe('sqlite://./data/mlbot.sqlite');
    expect(c.modelslab.apiUrl).toBe('https://modelslab.com/api/agents/v1');
    expect(c.modelslab.billingPerMinute).toBe(15);
    expect(c.policy).toMatchObject({ approvalThresholdCents: 0, maxFundCents: 100_000, allowSelfApproval: false });
    expect(c.playground.enabled).toBe(true);
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.alerts).toBeUndefined();
  });

  it('PUBLIC_URL: unset by default, trailing slash dropped, and an http(s) URL only', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://mlbot.example.com/' }).publicUrl).toBe('https://mlbot.example.com');
    expect(problems({ PUBLIC_URL: 'mlbot.example.com' })).toMatch(/PUBLIC_URL must be an http\(s\) URL/);
  });

  it('MODELSLAB_BILLING_PER_MIN: unset, 15 to start and the headers may raise it to 120; set, it is the ceiling too', () => {
    expect(loadConfig({}).modelslab).toMatchObject({ billingPerMinute: 15, billingPerMinuteCap: 120 });
    expect(loadConfig({ MODELSLAB_BILLING_PER_MIN: '30' }).modelslab).toMatchObject({
      billingPerMinute: 30,
      billingPerMinuteCap: 30,
    });
  });

  it('leaves sandbox mode and turns the playground off when a ModelsLab token is given', () => {
    const c = loadConfig({ MODELSLAB_TOKEN: '12|abc' });
    expect(c.sandbox).toBe(false);
    expect(c.playground.enabled).toBe(false);
  });

  it('enables Slack and Discord only when their credentials are complete', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APPROVERS: 'U1, S2 U3',
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '111111111111111111',
    });
    expect(c.slack?.approvers).toEqual(['U1', 'S2', 'U3']);
    expect(c.discord?.applicationId).toBe('111111111111111111');
  });

  it('DISCORD_GATEWAY: on by default, off makes the process REST only, anything else is refused in one line', () => {
    const discord = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '111111111111111111' };
    expect(loadConfig(discord).discord?.gateway).toBe(true);
    expect(loadConfig({ ...discord, DISCORD_GATEWAY: '' }).discord?.gateway).toBe(true);
    expect(loadConfig({ ...discord, DISCORD_GATEWAY: 'on' }).discord?.gateway).toBe(true);
    expect(loadConfig({ ...discord, DISCORD_GATEWAY: 'OFF' }).discord).toMatchObject({ token: 't', gateway: false });
    const msg = problems({ ...discord, DISCORD_GATEWAY: 'no' });
    expect(msg).toMatch(/^DISCORD_GATEWAY must be on .* or off .*\(got "no"\)$/);
    expect(msg.split('\n')).toHaveLength(1);
  });

  it('names the variable and the fix for each malformed or missing value', () => {
    const msg = problems({ PORT: 'eighty', MAX_FUND_USD: '1e3', LOG_LEVEL: 'loud' });
    expect(msg).toContain('PORT must be a whole number');
    expect(msg).toContain('MAX_FUND_USD must be a dollar amount');
    expect(msg).toContain('LOG_LEVEL must be one of');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(/^SLACK_SIGNING_SECRET is missing: .*Signing Secret/);
    expect(problems({ DISCORD_TOKEN: 't' })).toMatch(/^DISCORD_APPLICATION_ID is missing/);
    expect(problems({ STORE_URL: 'postgres://x' })).toContain('STORE_URL must be sqlite://');
    expect(problems({ LOW_BALANCE_USD: '20' })).toContain('ALERT_CHANNEL is missing');
    expect(problems({ MAX_FUND_USD: '5' })).toContain('MAX_FUND_USD must be at least 10');
  });

  it('refuses to expose the playground beyond loopback unless told to', () => {
    expect(problems({ HOST: '0.0.0.0' })).toMatch(/^PLAYGROUND: .*refuses to listen on 0\.0\.0\.0/);
    expect(loadConfig({ HOST: '0.0.0.0', PLAYGROUND: 'on' }).playground.enabled).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', PLAYGROUND: 'off' }).playground.enabled).toBe(false);
  });

  it('keeps one lease name across restarts on sqlite, and a name per process on Redis', () => {
    expect(loadConfig({}).instanceId).toBe('local');
    expect(loadConfig({ STORE_URL: 'redis://127.0.0.1:6379' }, { hostname: 'web-1', pid: 42 }).instanceId).toBe(
      'web-1-42',
    );
    expect(loadConfig({ STORE_URL: 'redis://r:6379', INSTANCE_ID: 'pod-a' }).instanceId).toBe('pod-a');
    expect(loadConfig({}).storeNamespace).toBe('mlbot');
    expect(problems({ STORE_NAMESPACE: 'no spaces' })).toContain('STORE_NAMESPACE must be');
  });

  it('parses alerts into cents and a channel reference', () => {
    const c = loadConfig({ LOW_BALANCE_USD: '20.5', ALERT_CHANNEL: 'slack:C0123', ALERT_INTERVAL_MINUTES: '2' });
    expect(c.alerts).toEqual({
      lowBalanceCents: 2050,
      channel: { platform: 'slack', channelId: 'C0123' },
      intervalMs: 120_000,
    });
  });
});

describe('one home for the fund limits and the policy', () => {
  it('builds the same Policy the tests build (makePolicy) from an empty production environment', () => {
    // Production once built its Policy by hand beside config's own shape; now both come from makePolicy.
    expect(loadConfig({ MODELSLAB_TOKEN: '12|abc' }).policy).toEqual(makePolicy());
    expect(loadConfig({}).policy).toEqual(makePolicy({ sandbox: true }));
    expect(loadConfig({ REQUESTS_PER_MINUTE: '9', APPROVAL_THRESHOLD_USD: '25' }).policy).toMatchObject({
      newRequestLimit: { count: 9, windowMs: 60_000 },
      approvalThresholdCents: 2500,
      minFundCents: MIN_FUND_CENTS,
    });
  });

  it('refuses a MAX_FUND_USD above what the billing client would ever send', () => {
    // Above $10,000 every large request used to pass the bot's own check and fail at the client.
    expect(problems({ MAX_FUND_USD: '20000' })).toContain(`MAX_FUND_USD must be at most ${MAX_FUND_USD}`);
    expect(loadConfig({ MAX_FUND_USD: String(MAX_FUND_USD) }).policy.maxFundCents).toBe(MAX_FUND_USD * 100);
    expect(MIN_FUND_USD * 100).toBe(MIN_FUND_CENTS);
  });
});

describe('workspaces and Slack OAuth (issue 15)', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const OAUTH = {
    SLACK_CLIENT_ID: '1234567890.0987654321',
    SLACK_CLIENT_SECRET: 'client-secret-value',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_SIGNING_SECRET: 'signing',
    PUBLIC_URL: 'https://mlbot.example.com',
    SECRETS_KEY: `k1:${KEY}`,
  };

  it('MLBOT_TENANCY: single by default, workspaces on request, nothing else', () => {
    expect(loadConfig({}).tenancy).toBe('single');
    expect(loadConfig({ MLBOT_TENANCY: 'single' }).tenancy).toBe('single');
    expect(loadConfig({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: `k1:${KEY}` }).tenancy).toBe('workspaces');
    expect(problems({ MLBOT_TENANCY: 'many' })).toContain('MLBOT_TENANCY must be single');
  });

  it('SECRETS_KEY: required in workspaces mode and with Slack OAuth, with how to make one', () => {
    expect(loadConfig({}).secrets).toBeUndefined();
    const missing = problems({ MLBOT_TENANCY: 'workspaces' });
    expect(missing).toMatch(/^SECRETS_KEY is missing: MLBOT_TENANCY=workspaces .*openssl rand -base64 32/);
    expect(missing.split('\n')).toHaveLength(1);
    const { SECRETS_KEY: _, ...oauthWithoutKey } = OAUTH;
    expect(problems(oauthWithoutKey)).toMatch(/SECRETS_KEY is missing: Slack OAuth \(SLACK_CLIENT_ID\)/);
  });

  it('SECRETS_KEY: several keys, the first seals; a malformed one is refused without being echoed', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const c = loadConfig({ SECRETS_KEY: `k2:${other},k1:${KEY}` });
    expect(c.secrets?.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(c.secrets?.keys[0]?.key.length).toBe(32);
    const short = Buffer.alloc(16, 1).toString('base64');
    const msg = problems({ SECRETS_KEY: `k1:${short}` });
    expect(msg).toMatch(/^SECRETS_KEY key "k1" must be 32 bytes/);
    expect(msg).not.toContain(short);
    expect(problems({ SECRETS_KEY: KEY })).not.toContain(KEY);
  });

  it('workspaces mode refuses MODELSLAB_TOKEN, and leaves the sandbox when MODELSLAB_API_URL is set', () => {
    const msg = problems({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: `k1:${KEY}`, MODELSLAB_TOKEN: '12|secret' });
    expect(msg).toMatch(/^MODELSLAB_TOKEN must not be set with MLBOT_TENANCY=workspaces: each workspace connects/);
    expect(msg).not.toContain('12|secret');
    expect(loadConfig({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: `k1:${KEY}` }).sandbox).toBe(true);
    const real = loadConfig({
      MLBOT_TENANCY: 'workspaces',
      SECRETS_KEY: `k1:${KEY}`,
      MODELSLAB_API_URL: 'https://modelslab.com/api/agents/v1',
    });
    expect(real.sandbox).toBe(false);
    expect(real.policy.sandbox).toBe(false);
    expect(real.playground.enabled).toBe(false);
  });

  it('Slack OAuth: all three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, or none', () => {
    const c = loadConfig(OAUTH);
    expect(c.slack?.oauth).toEqual({
      clientId: OAUTH.SLACK_CLIENT_ID,
      clientSecret: OAUTH.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH.SLACK_STATE_SECRET,
    });
    expect(c.slack?.botToken).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack?.oauth).toBeUndefined();

    const { SLACK_CLIENT_SECRET: _s, SLACK_STATE_SECRET: _t, ...onlyId } = OAUTH;
    const msg = problems(onlyId);
    expect(msg).toMatch(/^SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing: .*all three or none/);
    expect(msg).not.toContain(OAUTH.SLACK_CLIENT_ID);
    expect(problems({ ...OAUTH, SLACK_STATE_SECRET: 'short' })).toContain('SLACK_STATE_SECRET must be at least 16');
    expect(problems({ ...OAUTH, SLACK_CLIENT_ID: 'abc' })).toContain('SLACK_CLIENT_ID must be the Client ID');
  });

  it('Slack OAuth needs PUBLIC_URL and a signing secret, and excludes SLACK_BOT_TOKEN and Socket Mode', () => {
    const { PUBLIC_URL: _p, ...noUrl } = OAUTH;
    expect(problems(noUrl)).toMatch(/^PUBLIC_URL is missing: Slack OAuth sends installers back/);
    const { SLACK_SIGNING_SECRET: _g, ...noSigning } = OAUTH;
    expect(problems(noSigning)).toMatch(/^SLACK_SIGNING_SECRET is missing: Slack OAuth needs it/);
    expect(problems({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' })).toMatch(
      /^SLACK_APP_TOKEN must not be set with SLACK_CLIENT_ID: Slack OAuth \(many workspaces\) runs over HTTP/,
    );
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(
      /^SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID/,
    );
    const secret = problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(secret).not.toContain(OAUTH.SLACK_CLIENT_SECRET);
  });
});

describe('spend controls (issue 17): env defaults of the settings, the rules /ml settings applies', () => {
  it('all unset: off, as before', () => {
    const c = loadConfig({});
    expect(c.policy.secondApprovalThresholdCents).toBeUndefined();
    expect(c.policy.memberMonthlyBudgetCents).toBeUndefined();
    expect(c.policy.workspaceMonthlyBudgetCents).toBeUndefined();
    expect(c.policy.reminderAfterMs).toBeUndefined();
    expect(c.policy.escalateAfterMs).toBeUndefined();
    expect(c.fallbackApprovers).toEqual({});
    expect(c.reportWeekly).toBe(false);
  });

  it('reads each variable into the policy and the fallback approvers', () => {
    const c = loadConfig({
      APPROVAL_THRESHOLD_USD: '100',
      SECOND_APPROVAL_THRESHOLD_USD: '500',
      MEMBER_MONTHLY_BUDGET_USD: '200',
      WORKSPACE_MONTHLY_BUDGET_USD: '1000.50',
      APPROVAL_REMINDER_HOURS: '4',
      APPROVAL_ESCALATE_HOURS: '12',
      SLACK_FALLBACK_APPROVERS: 'U0CFO, S0FINANCE',
      DISCORD_FALLBACK_ROLE_ID: '123456789012345678',
    });
    expect(c.policy).toMatchObject({
      secondApprovalThresholdCents: 50_000,
      memberMonthlyBudgetCents: 20_000,
      workspaceMonthlyBudgetCents: 100_050,
      reminderAfterMs: 4 * 3_600_000,
      escalateAfterMs: 12 * 3_600_000,
    });
    expect(c.fallbackApprovers).toEqual({ slack: ['U0CFO', 'S0FINANCE'], discord: ['123456789012345678'] });
  });

  it('REPORT_WEEKLY: on by default when an alert channel is set; on/off overrides; anything else refused', () => {
    const alerts = { LOW_BALANCE_USD: '20', ALERT_CHANNEL: 'slack:C0ALERTS' };
    expect(loadConfig(alerts).reportWeekly).toBe(true);
    expect(loadConfig({ ...alerts, REPORT_WEEKLY: 'off' }).reportWeekly).toBe(false);
    expect(loadConfig({ REPORT_WEEKLY: 'on' }).reportWeekly).toBe(true);
    expect(problems({ REPORT_WEEKLY: 'weekly' })).toMatch(/REPORT_WEEKLY must be on or off/);
  });

  it('refuses each broken rule with the variable named and the rule stated', () => {
    expect(problems({ APPROVAL_THRESHOLD_USD: '100', SECOND_APPROVAL_THRESHOLD_USD: '50' })).toBe(
      'SECOND_APPROVAL_THRESHOLD_USD: The second-approval threshold ($50.00) must be at or above the approval threshold ($100.00): larger requests need more approvers, not fewer.',
    );
    expect(problems({ MEMBER_MONTHLY_BUDGET_USD: '5' })).toBe(
      "MEMBER_MONTHLY_BUDGET_USD: The monthly budget per member must be at least $10.00, ModelsLab's minimum top-up, or empty (no budget) (got $5.00).",
    );
    expect(problems({ WORKSPACE_MONTHLY_BUDGET_USD: 'lots' })).toMatch(
      /WORKSPACE_MONTHLY_BUDGET_USD must be a dollar amount like 50 or 49.99, or empty for off \(got "lots"\)/,
    );
    expect(problems({ APPROVAL_REMINDER_HOURS: '8', APPROVAL_ESCALATE_HOURS: '4' })).toBe(
      'APPROVAL_ESCALATE_HOURS: The escalation (after 4 hours) must come after the reminder (after 8 hours).',
    );
    expect(problems({ APPROVAL_TTL_HOURS: '24', APPROVAL_REMINDER_HOURS: '24' })).toBe(
      'APPROVAL_REMINDER_HOURS: The reminder (after 24 hours) must come before the approval expiry (24 hours).',
    );
    expect(problems({ APPROVAL_ESCALATE_HOURS: '0' })).toMatch(
      /APPROVAL_ESCALATE_HOURS must be a whole number of hours from 1 to 336/,
    );
    expect(problems({ SLACK_FALLBACK_APPROVERS: 'bob' })).toMatch(
      /^SLACK_FALLBACK_APPROVERS: Approvers are Slack people/,
    );
    expect(problems({ DISCORD_FALLBACK_ROLE_ID: 'admins' })).toMatch(
      /DISCORD_FALLBACK_ROLE_ID must be a numeric role id/,
    );
  });
});
