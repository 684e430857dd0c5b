/**
 * Issue 14: the app's shutdown waits for work a Discord click started. Discord used to fire and
 * forget each interaction, so `app.stop()` could close the store under an Approve whose DM and
 * card edit were still on their way. The click goes through the real discord.js client; Discord
 * is slow to open the DM channel, so the link DM and the card edit come well after the ack.
 */
import { afterEach, expect, test } from 'vitest';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { EPHEMERAL } from './helpers.ts';

let fake: FakeDiscord | undefined;
let sim: Simulator | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await Promise.allSettled([fake?.stop(), sim?.stop()]);
  app = undefined;
  fake = undefined;
  sim = undefined;
});

const TOKEN = 'ml-agent-token-shutdown';

const approveIdOn = (message: { components?: Array<{ components?: Array<{ custom_id?: string }> }> } | undefined) =>
  (message?.components ?? []).flatMap((row) => row.components ?? []).find((c) => c.custom_id?.startsWith('approve:'))
    ?.custom_id;

/** ModelsLab outside the app, as in production; or the sandbox's simulator, served by the app itself. */
async function modelslab(where: 'outside' | 'in-app'): Promise<Record<string, string>> {
  if (where === 'in-app') return {};
  sim = createSimulator({ billingPerMin: 600, tokens: [TOKEN] });
  const { apiUrl } = await sim.start(0);
  return { MODELSLAB_TOKEN: TOKEN, MODELSLAB_API_URL: apiUrl, MODELSLAB_BILLING_PER_MIN: '600' };
}

// In sandbox mode the simulator lives on the app's own HTTP server: the shutdown keeps serving
// it until the work is done (it used to close the server first, so the Approve's payment-link
// call met a closed port).
test.each(['outside', 'in-app'] as const)(
  "shutdown waits for a Discord click's card edit and DM (ModelsLab %s)",
  async (where) => {
    const billingEnv = await modelslab(where);
    fake = await FakeDiscord.start();
    const discord = fake;
    const config = loadConfig(
      {
        PORT: '0',
        STORE_URL: 'memory://',
        PLAYGROUND: 'off',
        ...billingEnv,
        DISCORD_TOKEN: 'fake-bot-token',
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_APPROVER_ROLE_ID: discord.approverRoleId,
      },
      { isTTY: false },
    );
    app = await startApp(config, { logger: silentLogger });
    const alice = discord.addMember({ username: 'alice' });
    const bob = discord.addMember({ username: 'bob', roles: [discord.approverRoleId] });

    const command = discord.sendCommand(alice, 'ml-fund', { amount: 50, note: 'eval run' });
    expect(await discord.waitFor('the deferral', () => command.callback)).toEqual({
      type: 5,
      data: { flags: EPHEMERAL },
    });
    const card = await discord.waitFor('the request card', () =>
      discord.state.channelMessages(discord.channelId).find((m) => approveIdOn(m) !== undefined),
    );
    const approveId = approveIdOn(card) ?? '';

    // Discord takes 1.5 s to answer the DM channel's creation: the link DM and the card's
    // "awaiting payment" edit come only after that, long after the click was acknowledged.
    discord.answerLate(1, 'POST', /^\/users\/@me\/channels$/, 1_500);
    const patchesBefore = discord.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${card.id}`)).length;
    const click = discord.clickButton(bob, approveId, card.id);
    expect(await discord.waitFor('the click is acknowledged', () => click.callback)).toEqual({ type: 6 });
    expect(discord.dmChannelOf(alice.id)).toBeUndefined();

    await app.stop();

    const dmChannel = discord.dmChannelOf(alice.id) ?? '';
    const dms = discord.state.channelMessages(dmChannel);
    expect(dms.some((m) => JSON.stringify(m).includes('/checkout/'))).toBe(true);
    const cardEdits = discord.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${card.id}`));
    expect(cardEdits.length).toBeGreaterThan(patchesBefore);
    expect(JSON.stringify(discord.state.messages.get(card.id)?.embeds)).not.toContain('Awaiting approval');
  },
);
