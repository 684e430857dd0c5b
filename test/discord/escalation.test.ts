/**
 * Issue 17 escalation through Discord: the escalation is a reply to the card that pings the
 * fallback role (in `content` and allowed_mentions, the only place a role ping notifies), and a
 * member with only that role, refused before, may approve after it.
 */
import { afterEach, expect, test } from 'vitest';
import { snowflake } from '../../fakes/discord/payloads.ts';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const ESCALATE_MS = 200;

test('the escalation pings the fallback role; its member may approve only from then on', async () => {
  // The fake server knows one role: here it is the FALLBACK role (bob has it), and the approver
  // role is another one nobody holds, so bob approves only as a fallback approver.
  let fallbackRole = '';
  app = await startDiscordApp({
    policy: { escalateAfterMs: ESCALATE_MS },
    adapter: { approverRoleId: snowflake(), fallbackApproversFor: async () => [fallbackRole] },
  });
  const { fake, alice } = app;
  fallbackRole = fake.approverRoleId;
  const dana = app.bob;
  fake.sendCommand(alice, 'ml-fund', { amount: 40, note: 'GPU batch' });
  const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
  const stateOf = async () => (await app?.stores.requests.get(id))?.state;

  const early = fake.clickButton(dana, `approve:${id}`);
  await fake.waitFor('the early click acknowledged', () => early.callback);
  await app.engine.idle();
  expect(await stateOf()).toBe('awaiting_approval');

  await new Promise((r) => setTimeout(r, ESCALATE_MS + 20));
  await app.engine.sweep();
  await app.engine.sweep();
  const escalations = fake.state
    .channelMessages(fake.channelId)
    .filter((m) => JSON.stringify(embedOf(m) ?? {}).includes('No approver answered for'));
  expect(escalations).toHaveLength(1);
  expect(escalations[0]?.content).toBe(`<@&${fallbackRole}>`);

  fake.clickButton(dana, `approve:${id}`);
  await fake.waitFor('approved by the fallback approver', async () =>
    (await stateOf()) !== 'awaiting_approval' ? true : undefined,
  );
  expect((await app.stores.requests.get(id))?.approver?.id).toBe(dana.id);
});
