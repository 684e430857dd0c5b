/**
 * Two Slack workspaces served by the real app (startApp, MLBOT_TENANCY=workspaces, sandbox, a
 * memory store) through real Bolt against the fake Slack: installed through /slack/install, the
 * fake's authorize page and /slack/oauth_redirect, each connected to its own simulated account
 * with the connect modal, each with its own approver. The isolation tests drive it as Slack
 * would: signed commands, clicks and view submissions; every ephemeral answer is kept.
 */
import { randomBytes } from 'node:crypto';
import {
  appHomeOpenedPayload,
  buttonsIn,
  clickButton,
  postSigned,
  type RenderedButton,
  type SlackDelivery,
  sendSlashCommand,
  submitView,
} from '../../fakes/slack/driver.ts';
import { FakeSlack, type InstallGrant, type StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { freePort } from '../sandbox/app-helpers.ts';

export const KEY = `k1:${randomBytes(32).toString('base64')}`;
export const CLIENT_ID = '111.222';
export const CLIENT_SECRET = 'client-secret-isolation-0123456789';
export const STATE_SECRET = 'state-secret-isolation-fedcba9876';
export const SIGNING = 'app-signing-secret-isolation';

/** One workspace of the scenario: who installed (and approves), who asks, where. */
export interface Team {
  readonly teamId: string;
  readonly tenant: string;
  readonly admin: string;
  readonly member: string;
  readonly channel: string;
  readonly token: string;
  readonly account: string;
}

export const A: Team = {
  teamId: 'T0AAA',
  tenant: 'slack:T0AAA',
  admin: 'U0ANNA',
  member: 'U0ARI',
  channel: 'C0AAA',
  token: 'sandbox-acme',
  account: 'acme',
};
export const B: Team = {
  teamId: 'T0BBB',
  tenant: 'slack:T0BBB',
  admin: 'U0BEN',
  member: 'U0BIA',
  channel: 'C0BBB',
  token: 'sandbox-globex',
  account: 'globex',
};

export async function until<T>(
  what: string,
  ok: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 8_000,
) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await ok();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A click target: a stored message (channel + ts + blocks). */
export type Target = Pick<StoredMessage, 'channel' | 'ts' | 'text' | 'blocks'>;

export class SlackTenants {
  readonly stack: Stack;
  readonly fake: FakeSlack;

  private constructor(stack: Stack, fake: FakeSlack) {
    this.stack = stack;
    this.fake = fake;
  }

  /** `storeFile`: a sqlite file (so a test can read the store's raw bytes); else the memory store. */
  static async start(cleanups: Array<() => unknown>, options: { storeFile?: string } = {}): Promise<SlackTenants> {
    const fake = new FakeSlack({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    const { apiUrl } = await fake.start();
    cleanups.push(() => fake.stop());
    const port = await freePort();
    const stack = await startStack(
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        MLBOT_TENANCY: 'workspaces',
        SECRETS_KEY: KEY,
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_SIGNING_SECRET: SIGNING,
        SLACK_API_URL: apiUrl,
        PLAYGROUND: 'off',
        ...(options.storeFile ? { STORE_URL: `sqlite://${options.storeFile}` } : {}),
      },
      { logLevel: 'debug' },
    );
    cleanups.push(() => stack.stop());
    for (const t of [A, B]) fake.tenancy.addChannel(t.teamId, t.channel);
    return new SlackTenants(stack, fake);
  }

  get url(): string {
    return `${this.stack.url}/slack/events`;
  }

  /** The browser's install: the Add to Slack page, Slack's authorize (approved by `grant`), the redirect. */
  async install(grant: InstallGrant): Promise<number> {
    const page = await fetch(`${this.stack.url}/slack/install`);
    const html = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const href = /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!href) throw new Error('no authorize link on the install page');
    this.fake.tenancy.approveNextAs(grant);
    const authorized = await fetch(href, { redirect: 'manual' });
    const back = await fetch(authorized.headers.get('location') ?? '', { headers: { cookie } });
    await back.text();
    return back.status;
  }

  /** A signed slash command; resolves with the ephemeral answers posted to its response_url. */
  async command(
    t: Pick<Team, 'teamId'> & { enterpriseId?: string; enterpriseInstall?: boolean },
    userId: string,
    channelId: string,
    command: string,
    text: string,
  ): Promise<{ delivery: SlackDelivery; answers: () => string[] }> {
    const responseUrl = this.fake.responseUrl();
    const id = responseUrl.split('/').at(-1) ?? '';
    const delivery = await sendSlashCommand(
      this.url,
      {
        command,
        text,
        userId,
        channelId,
        teamId: t.teamId,
        ...(t.enterpriseId ? { enterpriseId: t.enterpriseId } : {}),
        ...(t.enterpriseInstall ? { enterpriseInstall: true } : {}),
        responseUrl,
      },
      { secret: SIGNING },
    );
    return { delivery, answers: () => this.fake.responses(id).map((r) => JSON.stringify(r.body)) };
  }

  /** A signed click on `button` of `message` (a real one, or a forged one built by the test). */
  async click(
    t: Pick<Team, 'teamId'> & { enterpriseId?: string },
    userId: string,
    message: Target,
    button: RenderedButton,
  ): Promise<{ delivery: SlackDelivery; answers: () => string[] }> {
    const responseUrl = this.fake.responseUrl(undefined, { channel: message.channel, ts: message.ts });
    const id = responseUrl.split('/').at(-1) ?? '';
    const delivery = await clickButton(
      this.url,
      {
        userId,
        channelId: message.channel,
        message: { ts: message.ts, text: message.text, blocks: message.blocks },
        button,
        responseUrl,
        teamId: t.teamId,
        ...(t.enterpriseId ? { enterpriseId: t.enterpriseId } : {}),
      },
      { secret: SIGNING },
    );
    return { delivery, answers: () => this.fake.responses(id).map((r) => JSON.stringify(r.body)) };
  }

  /** The installer runs `/ml connect` and submits `token` in the modal views.open showed. */
  async connect(t: Team): Promise<void> {
    const before = this.fake.workspace.views().length;
    await this.command(t, t.admin, t.channel, '/ml', 'connect');
    const view = await until('the connect modal', () => this.fake.workspace.views()[before]);
    const res = await submitView(
      this.url,
      {
        view,
        userId: t.admin,
        teamId: t.teamId,
        values: { token: { type: 'plain_text_input', value: t.token } },
      },
      { secret: SIGNING },
    );
    if (res.status !== 200) throw new Error(`connect submission answered ${res.status}: ${res.body}`);
    await until(`${t.tenant} connected`, async () => (await this.stack.app.directory.status(t.tenant)).connected);
  }

  /** Installed (`rotate`: with token rotation), welcomed, connected, its admin the approver. */
  async setUp(t: Team, options: { rotate?: boolean } = {}): Promise<void> {
    const grant = { teamId: t.teamId, userId: t.admin, ...(options.rotate ? { rotate: true } : {}) };
    if ((await this.install(grant)) !== 200) throw new Error('install failed');
    await until('the welcome DM', () => this.fake.messages(this.fake.dmChannelOf(t.admin)).length > 0);
    await this.connect(t);
    const { directory } = this.stack.app;
    const settings = await directory.settings(t.tenant);
    await directory.saveSettings(
      t.tenant,
      { ...settings, approvers: { ...settings.approvers, slack: [t.admin] } },
      { platform: 'slack', id: t.admin },
    );
  }

  /** The member asks for `usd`: the request card in the team's channel. */
  async fund(t: Team, usd: number, note: string): Promise<StoredMessage> {
    await this.command(t, t.member, t.channel, '/ml-fund', `${usd} ${note}`);
    return until(`${note} card`, () =>
      this.fake.messages(t.channel).find((m) => m.text.includes(note) || JSON.stringify(m.blocks).includes(note)),
    );
  }

  /** The admin approves the card: the member's DM with the payment link. */
  async approve(t: Team, card: StoredMessage): Promise<StoredMessage> {
    const dm = this.fake.dmChannelOf(t.member);
    const before = this.fake.messages(dm).length;
    await this.click(t, t.admin, card, button(card, 'approve'));
    return until('the pay link DM', () =>
      this.fake
        .messages(dm)
        .slice(before)
        .find((m) => buttonsIn(m.blocks).some((b) => b.url !== undefined)),
    );
  }
}

/** The button of `message` whose action is `action` (`approve`, `cancel`, `paid`, …). */
export function button(message: Pick<StoredMessage, 'blocks'>, action: string): RenderedButton {
  const found = buttonsIn(message.blocks).find((b) => b.action_id.split('~')[0] === action);
  if (!found) throw new Error(`no ${action} button in ${JSON.stringify(buttonsIn(message.blocks))}`);
  return found;
}

/** Open the Home tab of `userId` in `teamId`: the view Slack then shows (views.publish). */
export async function openHome(s: SlackTenants, teamId: string, userId: string): Promise<string> {
  const before = s.fake.calls('views.publish').length;
  const res = await postSigned(s.url, JSON.stringify(appHomeOpenedPayload(userId, teamId)), 'application/json', {
    secret: SIGNING,
  });
  if (res.status !== 200) throw new Error(`app_home_opened answered ${res.status}`);
  await until('the Home tab', () => s.fake.calls('views.publish').length > before);
  return JSON.stringify(s.fake.homeView(userId)?.blocks ?? []);
}
