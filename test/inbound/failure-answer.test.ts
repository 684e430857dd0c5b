/**
 * Issue 14: one answer to a failure nobody foresaw, owned by core's inbound port, on every
 * platform. Each adapter used to write its own ("…on our side (ref: <event id>)", "…Nothing was
 * charged; please try again.", "…The details are in the bot log."). A stand-in engine that
 * throws sits behind each real adapter (Bolt, discord.js, the playground's HTTP surface).
 */
import { afterEach, expect, it } from 'vitest';
import { createPlayground } from '../../adapters/web/index.ts';
import { sendSlashCommand } from '../../fakes/slack/driver.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { startBot } from '../discord/helpers.ts';
import { serve } from '../ops/serve.ts';
import { SECRET, startRig } from '../slack/support.ts';
import { RecordingEngine } from '../support/recording-engine.ts';
import { openStream } from '../web/sse-client.ts';

const ONE_ANSWER = /^Something went wrong \(ref: [a-z0-9]{8}\)\.$/;
const boom = async () => {
  throw new Error('boom');
};

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('Slack: the one failure answer', async () => {
  const rig = await startRig();
  cleanups.push(() => rig.close());
  rig.engine.script = boom;
  await sendSlashCommand(
    rig.botUrl,
    {
      command: '/ml-balance',
      text: '',
      userId: 'U0ALICE',
      userName: 'alice',
      channelId: 'C0GENERAL',
      responseUrl: rig.fake.responseUrl(),
    },
    { secret: SECRET },
  );
  await rig.adapter.idle();
  const answer = rig.fake.responses()[0];
  expect(answer?.body).toMatchObject({ response_type: 'ephemeral' });
  expect(String(answer?.body.text)).toMatch(ONE_ANSWER);
});

it('Discord: the one failure answer', async () => {
  const bot = await startBot();
  cleanups.push(() => bot.stop());
  bot.engine.script = boom;
  const interaction = bot.fake.sendCommand(bot.fake.addMember({ username: 'alice' }), 'ml-balance', {});
  const edit = await bot.fake.waitFor('the error answer', () =>
    bot.fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(interaction.token)),
  );
  expect(edit.body.embeds[0].description).toMatch(ONE_ANSWER);
});

it('the playground: the one failure answer', async () => {
  const playground = createPlayground({ sandbox: false, logger: silentLogger });
  const engine = new RecordingEngine();
  engine.script = boom;
  playground.attach(engine);
  const server = await serve(playground.handler);
  cleanups.push(server.close, () => playground.close());
  const res = await fetch(`${server.url}/play/command`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: 'web-riley', text: '/ml-balance' }),
  });
  expect(res.status).toBe(202);
  await playground.idle();
  const stream = await openStream(`${server.url}/play/events?as=web-riley`);
  cleanups.push(() => stream.close());
  const snapshot = await stream.next((e) => e.event === 'snapshot');
  const texts = (snapshot.data as Array<{ kind: string; reply: { text: Array<{ t?: string; m?: string }> } }>)
    .filter((m) => m.kind === 'ephemeral')
    .map((m) => m.reply.text.map((s) => s.t ?? s.m).join(''));
  expect(texts).toEqual([expect.stringMatching(ONE_ANSWER)]);
});
