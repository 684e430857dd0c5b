/**
 * Drives the in-process Slack harness (test/slack/harness.ts) the way an attacker would: signed
 * commands with any text and trigger id, clicks on buttons the bot never rendered (forged
 * action/value), and a before/after snapshot of everything a bad input must not change.
 */
import { clickButton, type SlackDelivery, sendSlashCommand } from '../../../fakes/slack/driver.ts';
import type { StoredMessage } from '../../../fakes/slack/fake-slack.ts';
import { CHANNEL, SIGNING_SECRET, type SlackApp } from '../../slack/harness.ts';

export interface Probe {
  readonly delivery: SlackDelivery;
  /** Everything the actor was told: the HTTP ack, response_url answers, ephemerals. */
  readonly answer: string;
}

let seq = 0;

export async function command(
  app: SlackApp,
  userId: string,
  command: string,
  text: string,
  options: { triggerId?: string; channelId?: string } = {},
): Promise<Probe> {
  const id = `probe${++seq}`;
  const responseUrl = app.fake.responseUrl(id);
  const ephemeralsBefore = app.fake.messages().filter((m) => m.ephemeralFor === userId).length;
  const delivery = await sendSlashCommand(
    app.botUrl,
    {
      command,
      text,
      userId,
      channelId: options.channelId ?? CHANNEL,
      responseUrl,
      ...(options.triggerId ? { triggerId: options.triggerId } : {}),
    },
    { secret: SIGNING_SECRET },
  );
  await app.settle();
  return { delivery, answer: answerText(app, id, userId, ephemeralsBefore, delivery) };
}

/** Click a button with any action and value on `message` (a real card, or a made-up one). */
export async function forgeClick(
  app: SlackApp,
  userId: string,
  action: string,
  value: string,
  message?: StoredMessage,
  options: { triggerId?: string } = {},
): Promise<Probe> {
  const id = `probe${++seq}`;
  const responseUrl = app.fake.responseUrl(id);
  const ephemeralsBefore = app.fake.messages().filter((m) => m.ephemeralFor === userId).length;
  const target = message ?? { channel: CHANNEL, ts: '1764400000.999999', text: 'forged', blocks: [] };
  const delivery = await clickButton(
    app.botUrl,
    {
      userId,
      channelId: target.channel,
      message: { ts: target.ts, text: target.text, blocks: target.blocks },
      button: { action_id: `${action}~0`, block_id: 'forged', value, label: action },
      responseUrl,
      ...(options.triggerId ? { triggerId: options.triggerId } : {}),
    },
    { secret: SIGNING_SECRET },
  );
  await app.settle();
  return { delivery, answer: answerText(app, id, userId, ephemeralsBefore, delivery) };
}

function answerText(app: SlackApp, id: string, userId: string, ephemeralsBefore: number, d: SlackDelivery): string {
  const viaUrl = app.fake
    .responses(id)
    .map((r) => `${String(r.body.text ?? '')} ${JSON.stringify(r.body.blocks ?? [])}`);
  const viaApi = app.fake
    .messages()
    .filter((m) => m.ephemeralFor === userId)
    .slice(ephemeralsBefore)
    .map((m) => `${m.text} ${JSON.stringify(m.blocks)}`);
  return [d.body, ...viaUrl, ...viaApi].join('\n');
}

/** Everything a refused input must leave alone. */
export async function snapshot(app: SlackApp): Promise<string> {
  const requests = await app.stores.requests.listSince(0);
  return JSON.stringify({
    requests: requests.map((r) => ({ id: r.id, state: r.state, version: r.version, attempts: r.attempts.length })),
    sessions: app.sim.state.sessions().map((s) => [s.id, s.status, s.credits]),
    balance: app.sim.state.balance(),
    posts: app.fake
      .messages()
      .filter((m) => !m.ephemeralFor)
      .map((m) => [m.channel, m.ts, m.versions.length]),
  });
}
