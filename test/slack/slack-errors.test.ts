/**
 * A failed post is a closed channel (invite the bot) only when Slack says so; a Slack that cannot
 * be reached or fails on its side is a MessengerError to try again later. Real @slack/web-api
 * against the fake Slack, and against a port nobody listens on.
 */
import { webApi } from '@slack/bolt';
import { afterEach, expect, it } from 'vitest';
import { SlackMessenger } from '../../adapters/slack/messenger.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { ChannelClosedError, MessengerError } from '../../src/core/shared/errors.ts';

const fmt = { escape: (s: string) => s, user: (id: string) => `<@${id}>`, approvers: () => '@approvers' };
const to = { platform: 'slack' as const, channelId: 'C0GENERAL' };

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function failure(messenger: SlackMessenger): Promise<unknown> {
  return messenger.post(to, { text: 'card' }).then(
    () => undefined,
    (err: unknown) => err,
  );
}

it.each(['not_in_channel', 'channel_not_found', 'is_archived'])('%s is a closed channel', async (code) => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    retryConfig: { retries: 0 },
  });
  fake.failNext('chat.postMessage', code);
  expect(await failure(new SlackMessenger(client, fmt))).toBeInstanceOf(ChannelClosedError);
});

it("Slack's own failure and an unreachable Slack are not a closed channel", async () => {
  fake = new FakeSlack();
  const { apiUrl } = await fake.start();
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    retryConfig: { retries: 0 },
  });
  // Twice: after one fatal_error (which may have been applied) the messenger looks for the
  // post, finds none and sends it once more (post-once.ts).
  fake.failNext('chat.postMessage', 'fatal_error', 2);
  const fatal = await failure(new SlackMessenger(client, fmt, { postTiming: { readDelaysMs: [0] } }));
  expect(fatal).toBeInstanceOf(MessengerError);
  expect(fatal).not.toBeInstanceOf(ChannelClosedError);

  const nobody = new webApi.WebClient('xoxb-test', {
    slackApiUrl: 'http://127.0.0.1:9/api/',
    retryConfig: { retries: 0 },
    timeout: 500,
  });
  const unreachable = await failure(new SlackMessenger(nobody, fmt));
  expect(unreachable).toBeInstanceOf(MessengerError);
  expect(unreachable).not.toBeInstanceOf(ChannelClosedError);
});
