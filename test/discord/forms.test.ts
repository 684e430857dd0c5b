/**
 * Forms on Discord through the real discord.js client: a command that may open a form is not
 * deferred, so the modal is its first response; whatever the engine does first is that response;
 * the ~2.2 s safety defer keeps Discord's 3 s; a submit comes back as a FormEvent, or, refused by
 * `checkForm`, as a private list of each field's rule that reaches nothing else.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { buildModal, FormUnavailableError } from '../../adapters/discord/index.ts';
import { PERMISSION } from '../../fakes/discord/index.ts';
import type { FieldErrors, FormSpec } from '../../src/core/shared/forms.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import type { FormEvent, InboundEvent } from '../../src/core/shared/types.ts';
import { RecordingEngine } from '../support/recording-engine.ts';
import { type BotUnderTest, EPHEMERAL, startBot } from './helpers.ts';

let bot: BotUnderTest | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** What core's `opensForm` says for these tests: `/ml connect` and the Connect button. */
const opensForm = (event: InboundEvent) =>
  (event.kind === 'command' && event.command === 'ml' && event.text.trim() === 'connect') ||
  (event.kind === 'action' && event.action === 'connect');

const TOKEN = 'sk-test-very-secret-token-value';

const CONNECT_FORM: FormSpec = {
  name: 'connect',
  title: 'Connect ModelsLab',
  submitLabel: 'Connect',
  context: 'c1',
  intro: 'Paste the agent access token of your ModelsLab account.',
  fields: [
    {
      id: 'token',
      kind: 'secret',
      label: 'ModelsLab agent access token',
      hint: 'From modelslab.com → Settings → API keys',
      initial: 'never-shown',
    },
  ],
};

/** A stand-in port with a form check, like core's router. */
class CheckingPort extends RecordingEngine {
  errors: FieldErrors | undefined;
  checked: FormEvent[] = [];
  async checkForm(event: FormEvent): Promise<FieldErrors | undefined> {
    this.checked.push(event);
    return this.errors;
  }
}

async function startFormBot(engine?: (logger: Logger) => RecordingEngine) {
  return startBot({ adapter: () => ({ opensForm }), ...(engine ? { engine } : {}) });
}

describe('forms on Discord', () => {
  test('/ml connect: the modal is the first response (no defer), and its submit reaches the port as a FormEvent', async () => {
    bot = await startFormBot();
    const { fake, engine } = bot;
    engine.script = async (event, responder) => {
      if (event.kind === 'command') await responder.openForm?.(CONNECT_FORM);
    };
    const opened = fake.sendCommand(fake.owner, 'ml', { command: 'connect' });
    const modal = await fake.waitFor('the modal', () => fake.modalFor(opened));

    expect(opened.callback.type).toBe(9);
    expect(modal.at - opened.dispatchedAt).toBeLessThan(3_000);
    expect(modal.data.custom_id).toBe('mlbot_form:connect:c1');
    expect(modal.data.title).toBe('Connect ModelsLab');
    const input = modal.data.components.find((c: { type: number }) => c.type === 18);
    expect(input.label).toBe('ModelsLab agent access token');
    expect(input.component).toMatchObject({ type: 4, custom_id: 'token', style: 1, required: true });
    // A secret is never prefilled.
    expect(input.component.value).toBeUndefined();
    expect(JSON.stringify(modal.data)).not.toContain('never-shown');
    // Nothing else answered the command: exactly one callback, no deferred reply.
    expect(fake.calls.filter((c) => c.path.includes(opened.token))).toHaveLength(1);

    const submit = fake.submitModal(fake.owner, opened, { token: TOKEN });
    await fake.waitFor('the form event', () => engine.events.some((e) => e.kind === 'form'));
    const form = engine.events.find((e) => e.kind === 'form');
    expect(form).toMatchObject({
      kind: 'form',
      form: 'connect',
      context: 'c1',
      values: { token: TOKEN },
      eventId: submit.id,
      conversation: { platform: 'discord', channelId: fake.channelId, workspaceId: fake.guildId },
      actor: { id: fake.owner.id, isAdmin: true },
    });
    expect(submit.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await engine.idle();
    // The secret went in, and no log line carries it.
    expect(JSON.stringify(bot.logger.lines)).not.toContain(TOKEN);
  });

  test('the engine replies instead of opening: that reply is the first response, private as asked', async () => {
    bot = await startFormBot();
    const { fake, engine } = bot;
    engine.script = async (_event, responder) =>
      responder.reply({ text: 'Only members with Manage Server can connect ModelsLab.', ephemeral: true });
    const member = fake.addMember({ username: 'alice' });
    const opened = fake.sendCommand(member, 'ml', { command: 'connect' });
    await fake.waitFor('the answer', () => opened.callback);
    await engine.idle();

    expect(opened.callback.type).toBe(4);
    expect(opened.callback.data.flags).toBe(EPHEMERAL);
    expect(opened.callback.data.embeds[0].description).toBe('Only members with Manage Server can connect ModelsLab.');
    // No defer and no "thinking…" to clean up: one callback, nothing else with the token.
    expect(fake.calls.filter((c) => c.path.includes(opened.token))).toHaveLength(1);
  });

  test('a slow engine: the safety defer answers at ~2.2 s, then openForm throws FormUnavailableError', async () => {
    bot = await startFormBot();
    const { fake, engine } = bot;
    let failure: unknown;
    engine.script = async (_event, responder) => {
      await new Promise((r) => setTimeout(r, 2_600));
      try {
        await responder.openForm?.(CONNECT_FORM);
      } catch (err) {
        failure = err;
        await responder.reply({ text: 'That took too long; run /ml connect again.', ephemeral: true });
      }
    };
    const opened = fake.sendCommand(fake.owner, 'ml', { command: 'connect' });
    await fake.waitFor('the deferral', () => opened.callback, 3_000);
    const waited = (opened.callbackAt ?? 0) - opened.dispatchedAt;
    expect(opened.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(waited).toBeGreaterThanOrEqual(2_000);
    expect(waited).toBeLessThan(3_000);

    await fake.waitFor('the engine', () => failure, 3_000);
    await engine.idle();
    expect(failure).toBeInstanceOf(FormUnavailableError);
    expect((failure as FormUnavailableError).code).toBe('form_unavailable');
    expect(fake.modalFor(opened)).toBeUndefined();
    // The engine's answer edited the deferred reply.
    const original = fake.state.messages.get(fake.state.originalByToken.get(opened.token) ?? '');
    expect((original?.embeds[0] as { description?: string })?.description).toBe(
      'That took too long; run /ml connect again.',
    );
  }, 10_000);

  test('checkForm refuses: a private message lists each field rule, nothing reaches the engine', async () => {
    let port: CheckingPort | undefined;
    bot = await startFormBot((logger) => {
      port = new CheckingPort(logger);
      return port;
    });
    const { fake, engine } = bot;
    const checking = port as CheckingPort;
    checking.errors = { token: 'ModelsLab refused this token: paste the agent access token (it starts with "sk-").' };
    engine.script = async (event, responder) => {
      if (event.kind === 'command') await responder.openForm?.(CONNECT_FORM);
    };
    const opened = fake.sendCommand(fake.owner, 'ml', { command: 'connect' });
    await fake.waitFor('the modal', () => fake.modalFor(opened));
    const submit = fake.submitModal(fake.owner, opened, { token: 'not-a-token' });
    await fake.waitFor('the refusal', () => submit.callback);
    await engine.idle();

    expect(checking.checked).toHaveLength(1);
    expect(submit.callback.type).toBe(4);
    expect(submit.callback.data.flags).toBe(EPHEMERAL);
    const embed = submit.callback.data.embeds[0];
    expect(embed.title).toBe('Nothing was saved');
    expect(embed.fields).toEqual([
      {
        name: 'token',
        value: 'ModelsLab refused this token: paste the agent access token (it starts with "sk-").',
        inline: false,
      },
    ]);
    // A modal cannot answer a modal submit; the button opens the form again (core's connect action).
    expect(submit.callback.data.components[0].components[0]).toMatchObject({
      custom_id: 'connect:',
      label: 'Open the form again',
    });
    expect(engine.events.filter((e) => e.kind === 'form')).toEqual([]);
    // The refused value is not echoed back.
    expect(JSON.stringify(submit.callback)).not.toContain('not-a-token');
  });

  test('the Connect button in a DM opens the modal; the submit carries no server (core routes it by its context)', async () => {
    bot = await startFormBot();
    const { fake, engine, adapter } = bot;
    engine.script = async (event, responder) => {
      if (event.kind === 'action') await responder.openForm?.(CONNECT_FORM);
    };
    const dm = await adapter.messenger.dm(
      { platform: 'discord', id: fake.owner.id },
      { text: 'Connect ModelsLab', buttons: [{ kind: 'action', action: 'connect', value: '', label: 'Connect' }] },
    );
    const click = fake.clickButton(fake.owner, 'connect:', dm.messageId);
    await fake.waitFor('the modal', () => fake.modalFor(click));
    expect(click.callback.type).toBe(9);
    fake.submitModal(fake.owner, click, { token: TOKEN });
    await fake.waitFor('the form event', () => engine.events.some((e) => e.kind === 'form'));
    const form = engine.events.find((e) => e.kind === 'form');
    expect(form?.conversation).toEqual({ platform: 'discord', channelId: dm.channelId });
    expect(form?.kind === 'form' && form.context).toBe('c1');
  });

  test('a command that opens no form is still deferred at once', async () => {
    bot = await startFormBot();
    const { fake } = bot;
    const alice = fake.addMember({ username: 'alice', permissions: PERMISSION.member });
    const status = fake.sendCommand(alice, 'ml', { command: 'status' });
    await fake.waitFor('the deferral', () => status.callback);
    expect(status.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  });
});

describe('buildModal', () => {
  test('labels cut to 45, hints to 100, initial values for plain fields, optional ones not required', () => {
    const modal = buildModal({
      name: 'settings_limits',
      title: 'Limits and approvals for this very server, all of them',
      submitLabel: 'Save',
      context: 'discord:123',
      fields: [
        {
          id: 'threshold',
          kind: 'number',
          label: 'Requests at or above this amount need an approver (USD)',
          hint: 'A dollar amount from 0 to the largest request. '.repeat(4),
          initial: '50',
        },
        { id: 'approver_roles', kind: 'roles', label: 'Approver roles', initial: ['111', '222'], optional: true },
      ],
    });
    expect(modal.custom_id).toBe('mlbot_form:settings_limits:discord:123');
    expect(modal.title.length).toBeLessThanOrEqual(45);
    const [threshold, roles] = modal.components as unknown as Array<{
      label: string;
      description?: string;
      component: { value?: string; required: boolean; placeholder?: string; style: number };
    }>;
    expect(threshold?.label.length).toBeLessThanOrEqual(45);
    expect(threshold?.component.placeholder?.length).toBeLessThanOrEqual(100);
    expect(threshold?.description?.length).toBeLessThanOrEqual(100);
    expect(threshold?.component).toMatchObject({ value: '50', required: true, style: 1 });
    expect(roles?.component).toMatchObject({ value: '111, 222', required: false, style: 2 });
  });

  test('more than 5 fields, or a custom_id over 100 characters, is refused before Discord sees it', () => {
    const field = { id: 'f', kind: 'text' as const, label: 'F' };
    const base = { name: 'settings_alerts' as const, title: 'T', submitLabel: 'S' };
    expect(() =>
      buildModal({ ...base, fields: Array.from({ length: 6 }, (_, i) => ({ ...field, id: `f${i}` })) }),
    ).toThrow(/1 to 5 fields/);
    expect(() => buildModal({ ...base, fields: [field], context: 'x'.repeat(80) })).toThrow(/custom_id/);
  });
});
