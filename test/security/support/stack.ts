/**
 * The app exactly as main.ts wires it (`startApp`), in this process, with Slack and Discord both
 * on, against the simulator, the fake Slack and the fake Discord, and a real pino logger
 * (src/ops createLogger) writing to a capture stream so a test can read every log line.
 */
import { PassThrough } from 'node:stream';
import { FakeDiscord, type FakeMember } from '../../../fakes/discord/index.ts';
import { FakeSlack } from '../../../fakes/slack/fake-slack.ts';
import { type App, startApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/ops/index.ts';
import { createSimulator, type Simulator } from '../../../src/sandbox/index.ts';

export const SECRETS = {
  modelslabToken: 'ml-agent-token-7Hq2ZpX9',
  slackBotToken: 'xoxb-secret-slack-bot-token-4411',
  slackSigningSecret: 'slack-signing-secret-93c1f0',
  discordToken: 'discord-secret-bot-token-MTIz.abc',
} as const;
export const SLACK_APPROVER = 'U0BOSS';

export interface Stack {
  readonly app: App;
  readonly sim: Simulator;
  readonly slack: FakeSlack;
  readonly discord: FakeDiscord;
  readonly discordApprover: FakeMember;
  readonly discordMember: FakeMember;
  /** Every log line written so far. */
  log(): string;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Put something between the bot and the simulator (e.g. a proxy); the bot calls its URL. */
  readonly modelslabInFront?: (simApiUrl: string) => Promise<{ url: string; close(): Promise<void> }>;
}

export async function startStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  const sim = createSimulator({ billingPerMin: 600, tokens: [SECRETS.modelslabToken] });
  const { apiUrl: simApiUrl } = await sim.start(0);
  const front = options.modelslabInFront ? await options.modelslabInFront(simApiUrl) : undefined;
  const apiUrl = front?.url ?? simApiUrl;
  const slack = new FakeSlack({ botToken: SECRETS.slackBotToken });
  const { apiUrl: slackApiUrl } = await slack.start();
  const discord = await FakeDiscord.start();
  const chunks: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  const config = loadConfig(
    {
      PORT: '0',
      STORE_URL: 'memory://',
      MODELSLAB_TOKEN: SECRETS.modelslabToken,
      MODELSLAB_API_URL: apiUrl,
      MODELSLAB_BILLING_PER_MIN: '600',
      SLACK_BOT_TOKEN: SECRETS.slackBotToken,
      SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
      SLACK_API_URL: slackApiUrl,
      SLACK_APPROVERS: SLACK_APPROVER,
      DISCORD_TOKEN: SECRETS.discordToken,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPROVER_ROLE_ID: discord.approverRoleId,
      ...env,
    },
    { isTTY: false },
  );
  const app = await startApp(config, { logger });
  return {
    app,
    sim,
    slack,
    discord,
    discordApprover: discord.addMember({ username: 'boss', roles: [discord.approverRoleId] }),
    discordMember: discord.addMember({ username: 'member' }),
    log: () => chunks.join(''),
    async close() {
      await app.stop();
      await Promise.allSettled([sim.stop(), slack.stop(), discord.stop(), front?.close()]);
    },
  };
}
