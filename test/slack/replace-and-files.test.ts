/**
 * The Slack responder's issue-6 paths on real Bolt and the fake Slack: replacing the clicked
 * message (response_url, then chat.update, then a new ephemeral) and files sent to the DM.
 */
import { afterEach, expect, it } from 'vitest';
import { clickButton, sendSlashCommand } from '../../fakes/slack/driver.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ActionEvent } from '../../src/core/shared/types.ts';
import { type Rig, SECRET, startRig } from './support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const BUTTON = { action_id: 'tx_page~0', block_id: 'actions-0', value: 'all:5', label: 'Next' };

/** Click a Next button in `message`; the engine answers with `replaceOriginal(reply)`. */
async function clickAndReplace(
  r: Rig,
  message: { ts: string; ephemeral: boolean },
  reply: Reply,
): Promise<{ responseUrlId: string; event: ActionEvent }> {
  r.engine.script = async (_e, responder) => {
    if (!responder.replaceOriginal) throw new Error('no replaceOriginal');
    await responder.replaceOriginal(reply);
  };
  const responseUrlId = `click${message.ts}`;
  const responseUrl = r.fake.responseUrl(responseUrlId, { channel: 'C0GENERAL', ts: message.ts });
  await clickButton(
    r.botUrl,
    {
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
      message: { ts: message.ts, text: 'page 1', blocks: [] },
      button: BUTTON,
      responseUrl,
      ...(message.ephemeral ? { ephemeral: true } : {}),
    },
    { secret: SECRET },
  );
  await r.adapter.idle();
  return { responseUrlId, event: r.engine.events.at(-1) as ActionEvent };
}

it('replaces an ephemeral message through the click’s response_url and passes its ts as event.message', async () => {
  rig = await startRig();
  const { responseUrlId, event } = await clickAndReplace(
    rig,
    { ts: '1764400000.000100', ephemeral: true },
    { text: 'page 2', ephemeral: true },
  );
  expect(event.message).toEqual({
    platform: 'slack',
    channelId: 'C0GENERAL',
    messageId: '1764400000.000100',
    ephemeral: true,
  });
  expect(rig.fake.responses(responseUrlId)[0]?.body).toMatchObject({ replace_original: true, text: 'page 2' });
  expect(rig.fake.calls('chat.update')).toHaveLength(0);
});

it('falls back to chat.update for a channel message when the response_url is spent', async () => {
  rig = await startRig();
  const posted = await rig.adapter.messenger.post({ platform: 'slack', channelId: 'C0GENERAL' }, { text: 'page 1' });
  rig.fake.failResponseUrlNext(1);
  await clickAndReplace(rig, { ts: posted.messageId, ephemeral: false }, { text: 'page 2' });
  const stored = rig.fake.message('C0GENERAL', posted.messageId);
  expect(stored?.versions.map((v) => v.text)).toEqual(['page 1', 'page 2']);
  expect(rig.fake.calls('chat.postEphemeral')).toHaveLength(0);
});

it('falls back to a new ephemeral message when an ephemeral original cannot be replaced', async () => {
  rig = await startRig();
  rig.fake.failResponseUrlNext(1);
  await clickAndReplace(rig, { ts: '1764400000.000900', ephemeral: true }, { text: 'page 2', ephemeral: true });
  expect(rig.fake.calls('chat.update')).toHaveLength(0);
  expect(rig.fake.calls('chat.postEphemeral')[0]?.params).toMatchObject({ user: 'U0ALICE', text: 'page 2' });
});

it('a plain reply to a click never replaces the clicked message', async () => {
  rig = await startRig();
  rig.engine.script = (_e, responder) => responder.reply({ text: 'Only approvers can do that.', ephemeral: true });
  const responseUrl = rig.fake.responseUrl('plain', { channel: 'C0GENERAL', ts: '1764400000.000500' });
  await clickButton(
    rig.botUrl,
    {
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
      message: { ts: '1764400000.000500', text: 'x', blocks: [] },
      button: BUTTON,
      responseUrl,
      ephemeral: true,
    },
    { secret: SECRET },
  );
  await rig.adapter.idle();
  expect(rig.fake.responses('plain')[0]?.body).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
});

async function commandWith(r: Rig, reply: Reply, id: string): Promise<void> {
  r.engine.script = (_e, responder) => responder.reply(reply);
  await sendSlashCommand(
    r.botUrl,
    { command: '/ml', text: 'audit', userId: 'U0ALICE', channelId: 'C0GENERAL', responseUrl: r.fake.responseUrl(id) },
    { secret: SECRET },
  );
  await r.adapter.idle();
}

const CSV = { filename: 'audit.csv', contentType: 'text/csv', content: 'time,request_id\n' };

it('uploads even a public reply’s file to the DM only, and says so', async () => {
  rig = await startRig();
  await commandWith(rig, { text: 'Audit log', attachment: CSV }, 'pub');
  expect(rig.fake.uploads().map((u) => u.channelId)).toEqual([rig.fake.dmChannelOf('U0ALICE')]);
  const post = rig.fake.calls('chat.postMessage').at(-1);
  expect(String(post?.params.text)).toContain('Sent the CSV to your DMs');
});

it('tells the person when their DM is closed, and uploads nothing anywhere else', async () => {
  rig = await startRig({ fake: { bots: ['U0ALICE'] } });
  await commandWith(rig, { text: 'Audit log', ephemeral: true, attachment: CSV }, 'closed');
  expect(rig.fake.uploads()).toHaveLength(0);
  expect(String(rig.fake.responses('closed')[0]?.body.text)).toMatch(/Could not send the CSV to your DMs/);
});

it('never puts a private answer in place of a channel message: it answers privately instead', async () => {
  rig = await startRig();
  const posted = await rig.adapter.messenger.post({ platform: 'slack', channelId: 'C0GENERAL' }, { text: 'card' });
  const { responseUrlId } = await clickAndReplace(
    rig,
    { ts: posted.messageId, ephemeral: false },
    { text: 'Done: pause Standard.', ephemeral: true },
  );
  expect(rig.fake.responses(responseUrlId)[0]?.body).toMatchObject({
    response_type: 'ephemeral',
    replace_original: false,
    text: 'Done: pause Standard.',
  });
  expect(rig.fake.message('C0GENERAL', posted.messageId)?.versions.map((v) => v.text)).toEqual(['card']);
});
