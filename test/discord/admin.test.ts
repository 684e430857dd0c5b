/**
 * Approver tools from Discord on the simulator: subscription Pause with a confirm step, auto-recharge,
 * the audit CSV as a private attachment, and the help table written in Discord's option syntax.
 * Each tool is tried by a member too, and refused without changing anything.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { type DiscordApp, startDiscordApp } from './harness.ts';
import { answerTexts, EPHEMERAL, embedOf, privateAnswer } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const answered = (app: DiscordApp, token: string) => () => answerTexts(app, token).length > 0;

/** The private answer to a `/ml …` command (its edited deferred reply). */
async function ml(app: DiscordApp, member: DiscordApp['alice'], command: string) {
  const interaction = app.fake.sendCommand(member, 'ml', { command });
  const message = await privateAnswer(app, interaction.token, `the answer to /ml ${command}`);
  return { interaction, message };
}

async function subscriptionStatus(app: DiscordApp): Promise<string> {
  const subs = (await app.overview()).subscriptions as Array<{ id: number; status: string }>;
  return subs.find((s) => s.id === 501)?.status ?? 'missing';
}

describe('subscription management', () => {
  test('an approver pauses from /ml status after a confirm step; the outcome is posted to the channel', async () => {
    app = await startDiscordApp();
    const { fake, bob } = app;
    const status = (await ml(app, bob, 'status')).message;
    expect(status.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(fake.buttonsOf(status.id)).toEqual(['sub_manage:pause:501', 'sub_manage:change:501']);

    const pause = fake.clickButton(bob, 'sub_manage:pause:501', status.id);
    const confirm = await fake.waitFor('the confirm step', () => fake.latestWithButton('sub_confirm:pause:501'));
    // A private follow-up to the click; the status message itself stays as it was.
    expect(app.answersTo(pause.token).map((c) => c.method)).toEqual(['POST']);
    expect(fake.buttonsOf(status.id)).toEqual(['sub_manage:pause:501', 'sub_manage:change:501']);
    expect(confirm.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(confirm).description).toMatch(/^Pause .+\? It stays paused until an approver clicks Resume\.$/);
    expect(fake.buttonsOf(confirm.id)).toEqual(['sub_confirm:pause:501', 'dismiss:sub']);
    expect(await subscriptionStatus(app)).toBe('active');

    const done = fake.clickButton(bob, 'sub_confirm:pause:501', confirm.id);
    await fake.waitFor('the confirm message replaced by Done', () =>
      /^Done: pause /.test(embedOf(fake.state.messages.get(confirm.id))?.description ?? ''),
    );
    expect(app.answersTo(done.token).map((c) => `${c.method} ${c.path.split('/').at(-1)}`)).toEqual([
      'PATCH @original',
    ]);
    expect(fake.buttonsOf(confirm.id)).toEqual([]);
    expect(await subscriptionStatus(app)).toBe('paused');
    const outcome = fake.state
      .publicMessages(fake.channelId)
      .filter((m) => / paused .+; it resumes when an approver clicks Resume/.test(embedOf(m)?.description ?? ''));
    expect(outcome).toHaveLength(1);
    expect(embedOf(outcome[0]).description).toContain(`<@${bob.id}> paused`);

    // A second Confirm (a double click) finds it paused and changes nothing.
    const again = fake.clickButton(bob, 'sub_confirm:pause:501', confirm.id);
    await fake.waitFor('the second answer', answered(app, again.token));
    expect(answerTexts(app, again.token).join(' ')).toContain('already paused');
    expect(
      fake.state.publicMessages(fake.channelId).filter((m) => / paused /.test(embedOf(m)?.description ?? '')),
    ).toHaveLength(1);
  });

  test('Never mind removes the private confirm step and changes nothing', async () => {
    app = await startDiscordApp();
    const { fake, bob } = app;
    const status = (await ml(app, bob, 'status')).message;
    fake.clickButton(bob, 'sub_manage:pause:501', status.id);
    const confirm = await fake.waitFor('the confirm step', () => fake.latestWithButton('sub_confirm:pause:501'));
    const never = fake.clickButton(bob, 'dismiss:sub', confirm.id);
    await fake.waitFor('the confirm step removed', () => !fake.state.messages.has(confirm.id));
    expect(never.callback).toEqual({ type: 6 });
    expect(fake.state.messages.has(status.id)).toBe(true);
    expect(await subscriptionStatus(app)).toBe('active');
  });

  test('a member’s Pause and Confirm clicks are refused and the subscription stays active', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    const memberView = (await ml(app, alice, 'status')).message;
    expect(fake.buttonsOf(memberView.id)).toEqual([]); // members get no management buttons
    // A click on an approver's buttons (Discord only shows them to the approver, but nothing trusts that).
    const approverView = (await ml(app, bob, 'status')).message;
    const pause = fake.clickButton(alice, 'sub_manage:pause:501', approverView.id);
    const confirm = fake.clickButton(alice, 'sub_confirm:pause:501', approverView.id);
    await fake.waitFor(
      'both refusals',
      () => answered(app as DiscordApp, pause.token)() && answered(app as DiscordApp, confirm.token)(),
    );
    for (const token of [pause.token, confirm.token])
      expect(answerTexts(app, token).join(' ')).toContain(
        'Only approvers can pause, resume or change the subscription.',
      );
    expect(await subscriptionStatus(app)).toBe('active');
    expect(
      fake.state.publicMessages(fake.channelId).filter((m) => / paused /.test(embedOf(m)?.description ?? '')),
    ).toEqual([]);
  });
});

describe('auto-recharge', () => {
  test('an approver sets it (the simulator has it); too small is refused with the rule; a member is refused', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    const tooSmall = await ml(app, bob, 'autorecharge 2 5');
    expect(embedOf(tooSmall.message).description).toContain(
      'The recharge amount must be at least $5.00 and the threshold at least $1.00.',
    );
    const byMember = await ml(app, alice, 'autorecharge 20 5');
    expect(embedOf(byMember.message).description).toContain('Only approvers can change auto-recharge.');
    expect((await app.overview()).auto_funding).toMatchObject({ enabled: false });

    const set = await ml(app, bob, 'autorecharge 20 5');
    expect(embedOf(set.message).description).toBe(
      'Auto-recharge is now on: $20.00 when the balance falls below $5.00.',
    );
    expect((await app.overview()).auto_funding).toEqual({
      enabled: true,
      auto_charge_amount: 20,
      charge_threshold: 5,
    });
    const announced = fake.state
      .publicMessages(fake.channelId)
      .filter((m) => /set auto-recharge on: \$20\.00/.test(embedOf(m)?.description ?? ''));
    expect(announced).toHaveLength(1);
  });
});

describe('/ml audit', () => {
  test('an approver gets the CSV privately as a file, without any payment URL; a member is refused', async () => {
    app = await startDiscordApp();
    const { fake, alice, bob } = app;
    fake.sendCommand(alice, 'ml-fund', { amount: 25, note: 'audit me' });
    const id = await fake.waitFor('the request card', () => app?.latestRequestId() || undefined);
    fake.clickButton(bob, `approve:${id}`);
    const url = await fake.waitFor('the payment link DM', () => app?.paymentUrlFor(alice.id));

    const refused = await ml(app, alice, 'audit 7');
    expect(embedOf(refused.message).description).toContain('Only approvers can export the audit log.');
    expect(app.answersTo(refused.interaction.token).flatMap((c) => c.files)).toEqual([]);

    const { interaction, message } = await ml(app, bob, 'audit 7');
    expect(message.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(message).title).toBe('Audit log, last 7 days');
    const files = app.answersTo(interaction.token).flatMap((c) => c.files);
    expect(files).toHaveLength(1);
    const [csv] = files;
    expect(csv?.name).toMatch(/^mlbot-audit-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const lines = (csv?.text ?? '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('time,request_id,purpose,from,to,actor,amount_usd,plan_id,session_ref,detail');
    const rows = lines.slice(1).filter((l) => l.includes(id));
    expect(rows.map((r) => r.split(',')[4])).toEqual([
      'awaiting_approval',
      'approved',
      'link_created',
      'awaiting_payment',
    ]);
    expect(rows.every((r) => r.split(',')[6] === '25.00')).toBe(true);
    expect(rows[1]).toContain(`bob (discord:${bob.id})`);
    expect(csv?.text).not.toContain(url);
    expect(csv?.text).not.toMatch(/https?:\/\//);
    expect(message.attachments.map((a) => a.filename)).toEqual([csv?.name]);
  });
});

describe('/ml help on Discord', () => {
  test('shows each command the way it is typed on Discord', async () => {
    app = await startDiscordApp();
    const { message } = await ml(app, app.alice, 'help');
    const fields = embedOf(message).fields as Array<{ name: string; value: string }>;
    const fund = fields.find((f) => f.name.startsWith('/ml-fund'));
    expect(fund?.name).toBe('/ml-fund amount:<amount> note:<note>');
    expect(fund?.value).toContain('e.g. /ml-fund amount:50 note:eval run');
    expect(fields.find((f) => f.name.startsWith('/ml-balance'))?.name).toBe('/ml-balance public:True');
    expect(fields.map((f) => f.name)).toContain('/ml coupon <code>');
    expect(embedOf(message).description).toContain('"command" option');
  });
});
