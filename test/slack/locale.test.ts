/**
 * The person's language on Slack, through real Bolt against the fake: the event's actor carries
 * the `locale` of users.info (asked with include_locale, with the workspace's own token), looked
 * up after the ack and cached per person, so a second event costs no Web API call; a failing or
 * slow lookup answers in the workspace's language (no locale) and never holds the event up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUserInfoCache } from '../../adapters/slack/user-info.ts';
import { buttonsIn, clickButton, openAppHome, sendSlashCommand, submitView } from '../../fakes/slack/driver.ts';
import type { ActionEvent, Actor, CommandEvent, FormEvent } from '../../src/core/shared/types.ts';
import { type Rig, SECRET, startRig } from './support.ts';
import { captureLogger, WorkspacesRig } from './workspaces-rig.ts';

let rig: Rig | undefined;
let ws: WorkspacesRig | undefined;
afterEach(async () => {
  await rig?.close();
  await ws?.close();
  rig = undefined;
  ws = undefined;
});

const command = (r: Rig, userId: string, text = 'help') =>
  sendSlashCommand(
    r.botUrl,
    { command: '/ml', text, userId, channelId: 'C0GENERAL', responseUrl: r.fake.responseUrl() },
    { secret: SECRET },
  );

describe('single-token mode', () => {
  it('a command from a member whose Slack is in Spanish carries es-ES; the second costs no users.info', async () => {
    rig = await startRig();
    const r = rig;
    r.fake.tenancy.setUser('U0LUCIA', { locale: 'es-ES' });
    expect((await command(r, 'U0LUCIA')).status).toBe(200);
    await r.adapter.idle();
    expect((r.engine.events[0] as CommandEvent).actor.locale).toBe('es-ES');
    const [lookup] = r.fake.calls('users.info');
    expect(lookup?.params).toMatchObject({ user: 'U0LUCIA', include_locale: 'true' });
    expect(lookup?.auth).toBe('Bearer xoxb-test');

    await command(r, 'U0LUCIA', 'status');
    await command(r, 'U0ALICE');
    await r.adapter.idle();
    expect(r.engine.events.map((e) => [e.actor.id, e.actor.locale])).toEqual([
      ['U0LUCIA', 'es-ES'],
      ['U0LUCIA', 'es-ES'],
      ['U0ALICE', 'en-US'],
    ]);
    expect(r.fake.calls('users.info').map((c) => c.params.user)).toEqual(['U0LUCIA', 'U0ALICE']);
  });

  it('a click carries the clicker’s language too', async () => {
    rig = await startRig();
    const r = rig;
    r.fake.tenancy.setUser('U0APPROVER', { locale: 'es-419' });
    const ref = await r.adapter.messenger.post(
      { platform: 'slack', channelId: 'C0GENERAL' },
      { text: 'card', buttons: [{ kind: 'action', action: 'approve', value: 'req-1', label: 'Approve' }] },
    );
    const card = r.fake.message(ref.channelId, ref.messageId);
    const approve = buttonsIn(card?.blocks ?? []).find((b) => b.label === 'Approve');
    if (!card || !approve) throw new Error('no card');
    await clickButton(
      r.botUrl,
      {
        userId: 'U0APPROVER',
        channelId: 'C0GENERAL',
        message: card,
        button: approve,
        responseUrl: r.fake.responseUrl(),
      },
      { secret: SECRET },
    );
    await r.adapter.idle();
    expect((r.engine.events[0] as ActionEvent).actor).toMatchObject({ id: 'U0APPROVER', locale: 'es-419' });
  });

  it('a form submission is checked in the submitter’s language (inline errors), and the Home tab is theirs', async () => {
    const homes: Actor[] = [];
    rig = await startRig({
      adapter: {
        home: async (actor) => {
          homes.push(actor);
          return [{ text: 'home' }];
        },
      },
    });
    const r = rig;
    r.fake.tenancy.setUser('U0LUCIA', { locale: 'es-ES' });
    const checked: FormEvent[] = [];
    Object.assign(r.engine, {
      checkForm: async (e: FormEvent) => {
        checked.push(e);
        return undefined;
      },
    });
    const res = await submitView(
      r.botUrl,
      {
        view: { id: 'V0LUCIA', view: { callback_id: 'mlbot_form:connect' } },
        userId: 'U0LUCIA',
        values: { token: { type: 'plain_text_input', value: 'x' } },
      },
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    await r.adapter.idle();
    expect(checked[0]?.actor.locale).toBe('es-ES');
    expect(r.engine.events[0]?.actor.locale).toBe('es-ES');

    await openAppHome(r.botUrl, 'U0LUCIA', { secret: SECRET });
    await r.fake.waitFor(() => homes.length === 1, 2000, 'the Home tab');
    expect(homes[0]?.locale).toBe('es-ES');
    // One users.info for her, for the form and the Home tab.
    expect(r.fake.calls('users.info')).toHaveLength(1);
  });

  it('users.info failing: no locale (the workspace language), one debug line, and the next event asks again', async () => {
    const log = captureLogger();
    rig = await startRig({ logger: log.logger });
    const r = rig;
    r.fake.tenancy.setUser('U0LUCIA', { locale: 'es-ES' });
    r.fake.failNext('users.info', 'user_not_visible');
    await command(r, 'U0LUCIA');
    await r.adapter.idle();
    expect(r.engine.events[0]?.actor.locale).toBeUndefined();
    const lines = log.lines.filter((l) => l.includes('user locale'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^debug .*user_not_visible.* slack: could not read the user locale/);
    await command(r, 'U0LUCIA');
    await r.adapter.idle();
    expect(r.engine.events[1]?.actor.locale).toBe('es-ES');
  });

  it('a slow users.info does not hold the event: it goes on without a locale, and the answer is cached', async () => {
    rig = await startRig({ adapter: { localeBudgetMs: 100 } });
    const r = rig;
    r.fake.tenancy.setUser('U0LUCIA', { locale: 'es-ES' });
    r.fake.answerLate('users.info', 600);
    const started = Date.now();
    await command(r, 'U0LUCIA');
    await r.fake.waitFor(() => r.engine.events.length === 1, 2000, 'the event');
    expect(Date.now() - started).toBeLessThan(500);
    expect(r.engine.events[0]?.actor.locale).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await command(r, 'U0LUCIA');
    await r.adapter.idle();
    expect(r.engine.events[1]?.actor.locale).toBe('es-ES');
    expect(r.fake.calls('users.info')).toHaveLength(1);
  });
});

describe('OAuth mode', () => {
  it('each workspace’s people are looked up with that workspace’s token, one users.info per person', async () => {
    ws = await WorkspacesRig.start();
    const r = ws;
    await r.install({ teamId: 'T0AAA', userId: 'U0ANNA' });
    r.fake.tenancy.setUser('U0ADMIN', { teamId: 'T0AAA', admin: true, locale: 'es-ES' });
    await r.command({ teamId: 'T0AAA' }, 'U0ADMIN', 'C0AAA');
    await r.command({ teamId: 'T0AAA' }, 'U0ADMIN', 'C0AAA');
    await r.adapter.idle();
    expect(r.engine.events.map((e) => [e.actor.isAdmin, e.actor.locale])).toEqual([
      [true, 'es-ES'],
      [true, 'es-ES'],
    ]);
    // Admin rights and language came from the same call, with T0AAA's token.
    const calls = r.fake.calls('users.info').filter((c) => c.params.user === 'U0ADMIN');
    expect(calls.map((c) => c.team)).toEqual(['T0AAA']);
  });
});

describe('the users.info cache', () => {
  it('keeps 30 minutes, holds at most `max` people (least recently used out), and shares one call', async () => {
    let now = 0;
    const asked: string[] = [];
    const client = {
      users: {
        info: async (args: { user: string; include_locale?: boolean }) => {
          asked.push(`${args.user}${args.include_locale ? '+locale' : ''}`);
          return { user: { id: args.user, locale: 'es-ES' } };
        },
      },
    };
    const cache = createUserInfoCache({ clock: { now: () => now }, max: 2 });
    await Promise.all([cache.userInfo(client, 'T1', 'U1'), cache.userInfo(client, 'T1', 'U1')]);
    expect(asked).toEqual(['U1+locale']);
    now = 29 * 60_000;
    await cache.userInfo(client, 'T1', 'U1');
    expect(asked).toHaveLength(1);
    // A caller wanting a fresher record (admin rights) asks again.
    await cache.userInfo(client, 'T1', 'U1', { maxAgeMs: 5 * 60_000 });
    expect(asked).toHaveLength(2);
    // Another team's U1 is another person's record.
    await cache.userInfo(client, 'T2', 'U1');
    await cache.userInfo(client, 'T1', 'U2');
    expect(asked).toHaveLength(4);
    // T1/U1 was used least recently when T1/U2 came in, so it went.
    await cache.userInfo(client, 'T1', 'U1');
    expect(asked).toHaveLength(5);
    now += 31 * 60_000;
    await cache.userInfo(client, 'T1', 'U1');
    expect(asked).toHaveLength(6);
  });
});
