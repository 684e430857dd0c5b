/**
 * Forms as Slack modals: openForm → views.open with the event's fresh trigger (from a command or
 * a button), the FormSpec rendered field by field, and the view_submission back: inline errors
 * in the ack when core's check refuses, else the modal closes and a FormEvent reaches the port.
 */
import { afterEach, expect, it } from 'vitest';
import { FormUnavailableError } from '../../adapters/slack/index.ts';
import { clickButton, nextTrigger, sendSlashCommand, submitView } from '../../fakes/slack/driver.ts';
import type { FieldErrors, FormSpec } from '../../src/core/shared/forms.ts';
import type { FormEvent } from '../../src/core/shared/types.ts';
import { SECRET as SINGLE_SECRET, startRig } from './support.ts';
import { SIGNING, WorkspacesRig } from './workspaces-rig.ts';

const TOKEN = 'ml-agent-token-do-not-echo-42';

const CONNECT: FormSpec = {
  name: 'connect',
  title: 'Connect ModelsLab',
  submitLabel: 'Connect',
  intro: 'Paste the agent access token.',
  context: 'ctx-123',
  fields: [
    {
      id: 'token',
      kind: 'secret',
      label: 'Agent access token',
      hint: 'Starts with your account prefix',
      initial: 'never-shown',
    },
  ],
};

const APPROVALS: FormSpec = {
  name: 'settings_approvals',
  title: 'Approvals',
  submitLabel: 'Save',
  fields: [
    { id: 'approvers', kind: 'users', label: 'Approvers', initial: ['U0ANNA'] },
    {
      id: 'groups',
      kind: 'usergroups',
      label: 'User groups',
      hint: 'S… ids, comma separated',
      initial: ['S0FIN'],
      optional: true,
    },
    { id: 'threshold', kind: 'number', label: 'Approval threshold', hint: 'Dollars, 0 to 10000', initial: '50' },
    { id: 'self', kind: 'toggle', label: 'Allow self-approval', initial: 'yes' },
    { id: 'alerts', kind: 'channel', label: 'Alert channel', initial: 'C0ALERTS' },
  ],
};

let rig: WorkspacesRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function installed(): Promise<WorkspacesRig> {
  rig = await WorkspacesRig.start();
  await rig.install({ teamId: 'T0AAA', userId: 'U0ANNA' });
  return rig;
}

it('/ml connect opens the modal with the command’s trigger and the workspace’s token; the secret is never prefilled', async () => {
  const r = await installed();
  r.engine.script = async (_e, responder) => responder.openForm?.(CONNECT);
  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA', 'connect');
  await r.adapter.idle();
  const [opened] = r.fake.workspace.views();
  if (!opened) throw new Error('no modal opened');
  expect(opened.team).toBe('T0AAA');
  const view = opened.view as { callback_id: string; private_metadata: string; blocks: Array<Record<string, unknown>> };
  expect(view.callback_id).toBe('mlbot_form:connect');
  expect(JSON.parse(view.private_metadata)).toEqual({ context: 'ctx-123', channel: 'C0AAA', team: 'T0AAA' });
  const input = view.blocks.find((b) => b.type === 'input') as {
    block_id: string;
    element: Record<string, unknown>;
    hint: { text: string };
  };
  expect(input.block_id).toBe('token');
  expect(input.element.type).toBe('plain_text_input');
  expect(input.element.initial_value).toBeUndefined();
  expect(input.hint.text).toBe('Starts with your account prefix');
  expect(JSON.stringify(opened.view)).not.toContain('never-shown');
});

it('renders each field kind as Slack’s own input, prefilled with the current values', async () => {
  const r = await installed();
  r.engine.script = async (_e, responder) => responder.openForm?.(APPROVALS);
  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA', 'settings');
  await r.adapter.idle();
  const blocks = (r.fake.workspace.views()[0]?.view.blocks ?? []) as Array<{
    block_id: string;
    optional: boolean;
    element: Record<string, unknown>;
  }>;
  const el = Object.fromEntries(blocks.map((b) => [b.block_id, b.element]));
  expect(el.approvers).toMatchObject({ type: 'multi_users_select', initial_users: ['U0ANNA'] });
  expect(el.groups).toMatchObject({ type: 'plain_text_input', initial_value: 'S0FIN' });
  expect(el.threshold).toMatchObject({ type: 'plain_text_input', initial_value: '50' });
  expect(el.self).toMatchObject({ type: 'checkboxes', initial_options: [{ value: 'yes' }] });
  expect(el.alerts).toMatchObject({ type: 'conversations_select', initial_conversation: 'C0ALERTS' });
});

it('a stale trigger (older than Slack’s 3 s) is refused by Slack and surfaces as FormUnavailableError', async () => {
  const r = await installed();
  let failure: unknown;
  r.engine.script = async (_e, responder) => {
    await responder.openForm?.(CONNECT).catch((err: unknown) => {
      failure = err;
    });
  };
  const stale = `${Date.now() - 4_000}.9.fakestale`;
  await sendSlashCommand(
    r.botUrl,
    {
      command: '/ml',
      text: 'connect',
      userId: 'U0ANNA',
      channelId: 'C0AAA',
      teamId: 'T0AAA',
      responseUrl: r.fake.responseUrl(),
      triggerId: stale,
    },
    { secret: SIGNING },
  );
  await r.adapter.idle();
  expect(failure).toBeInstanceOf(FormUnavailableError);
  expect(r.fake.calls('views.open').map((c) => c.error)).toEqual(['expired_trigger_id']);
  expect(r.fake.workspace.views()).toHaveLength(0);
});

it('opens a form from a Connect button click (block_actions carries a trigger too)', async () => {
  const r = await installed();
  const ref = await r.adapter.messengerFor({ teamId: 'T0AAA' }).dm(
    { platform: 'slack', id: 'U0ANNA' },
    {
      text: 'Installed. Connect ModelsLab:',
      buttons: [{ kind: 'action', action: 'connect', value: '', label: 'Connect' }],
    },
  );
  const message = r.fake.message(ref.channelId, ref.messageId);
  if (!message) throw new Error('no DM');
  r.engine.script = async (event, responder) => {
    if (event.kind === 'action' && event.action === 'connect') await responder.openForm?.(CONNECT);
  };
  const button = { action_id: 'connect~0', block_id: 'actions-0', label: 'Connect', value: '' };
  await clickButton(
    r.botUrl,
    { userId: 'U0ANNA', channelId: ref.channelId, message, button, responseUrl: r.fake.responseUrl(), teamId: 'T0AAA' },
    { secret: SIGNING },
  );
  await r.adapter.idle();
  expect(r.fake.workspace.views().map((v) => [v.view.callback_id, v.team])).toEqual([['mlbot_form:connect', 'T0AAA']]);
});

async function openConnect(r: WorkspacesRig) {
  r.engine.script = async (_e, responder) => responder.openForm?.(CONNECT);
  await r.command({ teamId: 'T0AAA' }, 'U0ANNA', 'C0AAA', 'connect');
  await r.adapter.idle();
  const opened = r.fake.workspace.views().at(-1);
  if (!opened) throw new Error('no modal');
  r.engine.script = async () => {};
  return opened;
}

it('a submission core refuses gets its errors inline, in the ack; nothing reaches the port', async () => {
  const r = await installed();
  const opened = await openConnect(r);
  const checked: FormEvent[] = [];
  Object.assign(r.engine, {
    checkForm: async (e: FormEvent): Promise<FieldErrors | undefined> => {
      checked.push(e);
      return { token: 'That is not a ModelsLab agent token (it starts with your account prefix).' };
    },
  });
  const before = r.engine.events.length;
  const res = await submitView(
    r.botUrl,
    { view: opened, userId: 'U0ANNA', teamId: 'T0AAA', values: { token: { type: 'plain_text_input', value: 'nope' } } },
    { secret: SIGNING },
  );
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(2_500);
  expect(JSON.parse(res.body)).toEqual({
    response_action: 'errors',
    errors: { token: 'That is not a ModelsLab agent token (it starts with your account prefix).' },
  });
  await r.adapter.idle();
  expect(r.engine.events.length).toBe(before);
  expect(checked[0]).toMatchObject({ kind: 'form', form: 'connect', values: { token: 'nope' } });
});

it('a valid submission closes the modal and reaches the port as a FormEvent; the answer is ephemeral in the channel, with the workspace’s token', async () => {
  const r = await installed();
  const opened = await openConnect(r);
  Object.assign(r.engine, { checkForm: async () => undefined });
  r.engine.script = async (_e, responder) => responder.reply({ text: 'Connected.', ephemeral: true });
  const before = r.engine.events.length;
  const res = await submitView(
    r.botUrl,
    {
      view: opened,
      userId: 'U0ANNA',
      teamId: 'T0AAA',
      values: { token: { type: 'plain_text_input', value: TOKEN } },
    },
    { secret: SIGNING },
  );
  expect(res.status).toBe(200);
  expect(res.body).toBe('');
  await r.adapter.idle();
  const event = r.engine.events.slice(before)[0] as FormEvent;
  expect(event).toMatchObject({
    kind: 'form',
    form: 'connect',
    values: { token: TOKEN },
    context: 'ctx-123',
    actor: { id: 'U0ANNA', isAdmin: true },
    conversation: { platform: 'slack', channelId: 'C0AAA', workspaceId: 'T0AAA' },
  });
  const [answer] = r.fake.calls('chat.postEphemeral');
  expect(answer).toMatchObject({ team: 'T0AAA', params: { channel: 'C0AAA', user: 'U0ANNA', text: 'Connected.' } });
  // The token typed into the modal went nowhere but the FormEvent: not in a log line.
  expect(r.log.lines.join('\n')).not.toContain(TOKEN);
});

it('the workspace of a submission is the signed payload’s team, not the modal’s metadata', async () => {
  const r = await installed();
  await r.install({ teamId: 'T0BBB', userId: 'U0BEN' });
  const opened = await openConnect(r);
  Object.assign(r.engine, { checkForm: async () => undefined });
  const before = r.engine.events.length;
  await submitView(
    r.botUrl,
    {
      view: opened,
      userId: 'U0BEN',
      teamId: 'T0BBB',
      values: { token: { type: 'plain_text_input', value: 'x' } },
      privateMetadata: JSON.stringify({ context: 'ctx-123', channel: 'C0BBB', team: 'T0AAA' }),
    },
    { secret: SIGNING },
  );
  await r.adapter.idle();
  expect(r.engine.events.slice(before)[0]?.conversation.workspaceId).toBe('T0BBB');
});

it('single-token mode: openForm works with the one token too', async () => {
  const single = await startRig();
  try {
    single.engine.script = async (_e, responder) => responder.openForm?.(CONNECT);
    await sendSlashCommand(
      single.botUrl,
      {
        command: '/ml',
        text: 'connect',
        userId: 'U0ALICE',
        channelId: 'C0GENERAL',
        responseUrl: single.fake.responseUrl(),
        triggerId: nextTrigger(),
      },
      { secret: SINGLE_SECRET },
    );
    await single.adapter.idle();
    expect(single.fake.workspace.views()).toHaveLength(1);
    expect(single.fake.calls('views.open')[0]?.auth).toBe('Bearer xoxb-test');
  } finally {
    await single.close();
  }
});
