/**
 * Issue 12's hardening items on the app as main.ts wires it (Slack and Discord on, a real pino
 * logger at debug level): an unauthenticated /healthz flood costs at most one ModelsLab call;
 * a signed Slack request stamped in the future is refused; a command or click from another
 * Slack team or enterprise, or from another Discord server, is refused with no effect and one
 * log line; and with checkout links on a custom domain (neither checkout.stripe.com nor a
 * `/checkout/` path) no payment URL or session id reaches any log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickButton,
  findButton,
  sendSlashCommand,
  signSlackRequest,
  slashCommandPayload,
} from '../../fakes/slack/driver.ts';
import { newestCardRequestId } from '../discord/helpers.ts';
import {
  CUSTOM_CHECKOUT_HOST,
  customDomainUrl,
  sessionIdOf,
  startCustomDomainProxy,
} from './support/custom-domain-proxy.ts';
import { SECRETS, SLACK_APPROVER, type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { modelslabInFront: startCustomDomainProxy });
}, 20_000);
afterAll(async () => {
  await stack?.close();
});

const sign = { secret: SECRETS.slackSigningSecret };
const events = () => `${stack.app.url}/slack/events`;
const requestCount = async () => (await stack.app.stores.requests.listSince(0)).length;
const settle = async () => {
  await stack.app.slack?.idle();
  await new Promise((r) => setTimeout(r, 50));
};
const cardsIn = (channel: string) => stack.slack.messages(channel).filter((m) => !m.threadTs && !m.ephemeralFor);

async function newCard(channel: string, userId: string, text: string) {
  await sendSlashCommand(
    events(),
    { command: '/ml-fund', text, userId, channelId: channel, responseUrl: stack.slack.responseUrl() },
    sign,
  );
  return stack.slack.waitFor(() => cardsIn(channel).at(-1), 5000, 'card');
}
const idOf = (card: { blocks: readonly unknown[] }) => findButton(card.blocks, 'Approve').value ?? '';

describe('/healthz is cached', () => {
  it('130 hits at once and 30 more one by one cost at most one ModelsLab call', async () => {
    const balanceCalls = () => stack.sim.state.calls().filter((c) => c.path === '/wallet/balance').length;
    const before = balanceCalls();
    const hit = async () => (await fetch(`${stack.app.url}/healthz`)).status;
    const statuses = await Promise.all(Array.from({ length: 130 }, hit));
    for (let i = 0; i < 30; i++) statuses.push(await hit());
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(balanceCalls() - before).toBeLessThanOrEqual(1);
  });
});

describe('Slack request timestamps', () => {
  function commandBody(userId: string, text: string): string {
    return new URLSearchParams(
      slashCommandPayload({
        command: '/ml-fund',
        text,
        userId,
        channelId: 'C0TIME',
        responseUrl: stack.slack.responseUrl(),
      }),
    ).toString();
  }
  async function post(body: string, ts: number) {
    const res = await fetch(events(), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(body, { ...sign, ts }) },
    });
    await res.text();
    return res.status;
  }

  it('refuses a correctly signed request stamped 30 minutes (or 6) in the future; nothing happens', async () => {
    const before = await requestCount();
    const now = Math.floor(Date.now() / 1000);
    expect(await post(commandBody('U0FUTURE', '50 from the future'), now + 30 * 60)).toBe(401);
    expect(await post(commandBody('U0FUTURE', '51 from the future'), now + 6 * 60)).toBe(401);
    await settle();
    expect(await requestCount()).toBe(before);
    expect(cardsIn('C0TIME')).toHaveLength(0);
    expect(stack.log()).toMatch(/timestamp in the future/);
  });

  it('still accepts a clock a little ahead (within five minutes)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await post(commandBody('U0SKEW', '52 skewed clock'), now + 4 * 60)).toBe(200);
    await stack.slack.waitFor(() => cardsIn('C0TIME').length === 1, 5000, 'the card');
  });
});

describe('only the workspace the bot serves', () => {
  it('a signed command from another Slack team is acked and refused: no request, no post, one log line', async () => {
    const before = await requestCount();
    const responseUrl = stack.slack.responseUrl('otherteam');
    const delivery = await sendSlashCommand(
      events(),
      {
        command: '/ml-fund',
        text: '60 other team',
        userId: 'U0EVIL',
        channelId: 'C0EVIL',
        teamId: 'T0EVIL',
        responseUrl,
      },
      sign,
    );
    expect(delivery.status).toBe(200);
    expect(delivery.body).toBe('');
    await settle();
    expect(await requestCount()).toBe(before);
    expect(stack.slack.messages('C0EVIL')).toHaveLength(0);
    expect(stack.slack.responses('otherteam')).toHaveLength(0);
    expect(stack.log()).toMatch(/"team":"T0EVIL".*does not serve/);
  });

  it("a validly signed Approve carrying another team's or enterprise's id approves nothing", async () => {
    const card = await newCard('C0TEAM', 'U0ASKER', '61 team check');
    const id = idOf(card);
    for (const origin of [
      { teamId: 'T0EVIL' },
      { enterpriseId: 'E0EVIL' },
      { teamId: 'T0EVIL', enterpriseId: 'E0EVIL' },
    ]) {
      const responseUrl = stack.slack.responseUrl(`forged-${JSON.stringify(origin)}`);
      const delivery = await clickButton(
        events(),
        {
          userId: SLACK_APPROVER,
          channelId: 'C0TEAM',
          message: card,
          button: findButton(card.blocks, 'Approve'),
          responseUrl,
          ...origin,
        },
        sign,
      );
      expect(delivery.status).toBe(200);
      await settle();
      expect((await stack.app.stores.requests.get(id))?.state).toBe('awaiting_approval');
      expect(stack.slack.responses(`forged-${JSON.stringify(origin)}`)).toHaveLength(0);
    }
    expect(stack.log()).toMatch(/"enterprise":"E0EVIL".*does not serve/);
    // The same click from the served team works.
    await clickButton(
      events(),
      {
        userId: SLACK_APPROVER,
        channelId: 'C0TEAM',
        message: card,
        button: findButton(card.blocks, 'Approve'),
        responseUrl: stack.slack.responseUrl(),
      },
      sign,
    );
    await stack.slack.waitFor(
      async () => (await stack.app.stores.requests.get(id))?.state !== 'awaiting_approval',
      5000,
      'approved',
    );
  });

  it('Discord (DISCORD_GUILD_ID set): a command or click from another server is refused; DMs still work', async () => {
    const { discord, discordMember: member, discordApprover: approver } = stack;
    const before = await requestCount();
    const otherGuild = '999999999999999999';
    const refused = discord.sendCommand(
      member,
      'ml-fund',
      { amount: 70, note: 'other guild' },
      { guildId: otherGuild },
    );
    await discord.waitFor('refusal', () =>
      discord.calls.find((c) => c.path.includes(`/interactions/${refused.id}/`) && c.method === 'POST'),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await requestCount()).toBe(before);
    expect(stack.log()).toMatch(/server this bot does not serve/);

    discord.sendCommand(member, 'ml-fund', { amount: 71, note: 'guild check' });
    const id = await newestCardRequestId(discord);
    discord.clickButton(approver, `approve:${id}`, undefined, { guildId: otherGuild });
    await new Promise((r) => setTimeout(r, 200));
    expect((await stack.app.stores.requests.get(id))?.state).toBe('awaiting_approval');
    discord.clickButton(approver, `approve:${id}`);
    await discord.waitFor(
      'approved',
      async () => (await stack.app.stores.requests.get(id))?.state !== 'awaiting_approval',
    );
    // The payer's DM carries no guild; its buttons still work.
    const dmChannel = await discord.waitFor('DM', () => discord.dmChannelOf(member.id));
    const dm = await discord.waitFor('DM with buttons', () =>
      discord.state.channelMessages(dmChannel).find((m) => discord.buttonsOf(m.id).includes(`paid:${id}`)),
    );
    discord.clickButton(member, `paid:${id}`, dm.id);
    await discord.waitFor('paid click recorded', async () =>
      (await stack.app.stores.requests.get(id))?.attempts.at(-1)?.paidClickedAt !== undefined ? true : undefined,
    );
  });
});

describe('logs at debug level with checkout links on a custom domain', () => {
  it('no payment URL or session id in any log line, through a full Slack payment', async () => {
    const { slack, sim, app } = stack;
    const card = await newCard('C0LOGS', 'U0PAYLOG', '45 logs');
    const id = idOf(card);
    await clickButton(
      events(),
      {
        userId: SLACK_APPROVER,
        channelId: 'C0LOGS',
        message: card,
        button: findButton(card.blocks, 'Approve'),
        responseUrl: slack.responseUrl(),
      },
      sign,
    );
    const dm = await slack.waitFor(() => slack.messages(slack.dmChannelOf('U0PAYLOG'))[0], 5000, 'Slack DM');
    const url = findButton(dm.blocks, /^Pay/).url ?? '';
    expect(url).toContain(CUSTOM_CHECKOUT_HOST);
    const sessionId = sessionIdOf(url);
    expect(url).toBe(customDomainUrl(sessionId));
    sim.controls.markPaid(sessionId);
    // "I've paid" on the DM: Bolt logs the whole incoming payload, link button included.
    await clickButton(
      events(),
      {
        userId: 'U0PAYLOG',
        channelId: slack.dmChannelOf('U0PAYLOG'),
        message: dm,
        button: findButton(dm.blocks, "I've paid"),
        responseUrl: slack.responseUrl(),
      },
      sign,
    );
    await slack.waitFor(
      async () => (await app.stores.requests.get(id))?.attempts.some((a) => a.receiptPostedAt) ?? false,
      10_000,
      'receipt',
    );
    const log = stack.log();
    expect(log).toMatch(/http request body/); // the debug lines are really there
    for (const secret of [url, sessionId, CUSTOM_CHECKOUT_HOST, sessionId.slice(0, 20)])
      expect(log).not.toContain(secret);
  }, 20_000);
});
