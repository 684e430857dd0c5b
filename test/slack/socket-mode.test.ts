/** Socket Mode: apps.connections.open on the fake hands out a ws:// URL; envelopes are acked. */
import { afterEach, expect, it } from 'vitest';
import { blockActionsPayload, findButton, slashCommandPayload } from '../../fakes/slack/driver.ts';
import type { ActionEvent, CommandEvent } from '../../src/core/shared/types.ts';
import { type Rig, startRig } from './support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('connects with the app token, acks a slash command envelope and hands it to the engine', async () => {
  rig = await startRig({ socketMode: true });
  const { fake, adapter, engine } = rig;
  expect(adapter.mode).toBe('socket');
  expect(adapter.requestHandler).toBeUndefined();
  expect(fake.calls('apps.connections.open')[0]?.auth).toBe('Bearer xapp-test');
  await fake.waitFor(() => fake.socket.connections() > 0, 2000, 'socket connection');

  const envelopeId = fake.socket.push(
    'slash_commands',
    slashCommandPayload({
      command: '/ml-fund',
      text: '50 eval run',
      userId: 'U0APPROVER',
      channelId: 'C0GENERAL',
      responseUrl: fake.responseUrl(),
    }),
  );
  const ack = await fake.waitFor(() => fake.socket.ackFor(envelopeId), 2000, 'ack');
  expect(ack.envelope_id).toBe(envelopeId);
  await fake.waitFor(() => engine.events.length > 0, 2000, 'engine event');
  await adapter.idle();
  expect(engine.events[0] as CommandEvent).toMatchObject({
    kind: 'command',
    command: 'fund',
    text: '50 eval run',
    actor: { id: 'U0APPROVER', isApprover: true },
  });
});

it('acks a button click envelope and posts through the Web API', async () => {
  rig = await startRig({ socketMode: true });
  const { fake, adapter, engine } = rig;
  await fake.waitFor(() => fake.socket.connections() > 0, 2000, 'socket connection');
  engine.script = async (_event, responder) => responder.reply({ text: 'Approved.' });
  const card = await adapter.messenger.post(
    { platform: 'slack', channelId: 'C0GENERAL' },
    { text: 'Request', buttons: [{ kind: 'action', action: 'approve', value: 'req-7', label: 'Approve' }] },
  );
  const stored = fake.message(card.channelId, card.messageId);
  if (!stored) throw new Error('no card');
  const envelopeId = fake.socket.push(
    'interactive',
    blockActionsPayload({
      userId: 'U0BOB',
      channelId: 'C0GENERAL',
      message: stored,
      button: findButton(stored.blocks, 'Approve'),
      responseUrl: fake.responseUrl(),
    }),
  );
  await fake.waitFor(() => fake.socket.ackFor(envelopeId), 2000, 'ack');
  await fake.waitFor(() => engine.events.length > 0, 2000, 'engine event');
  await adapter.idle();
  expect(engine.events[0] as ActionEvent).toMatchObject({
    action: 'approve',
    value: 'req-7',
    message: { messageId: card.messageId },
  });
  expect(fake.calls('chat.postMessage').at(-1)?.params.text).toBe('Approved.');
});
