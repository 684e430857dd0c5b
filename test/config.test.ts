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
