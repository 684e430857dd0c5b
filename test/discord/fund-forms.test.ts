/**
 * The engine's forms as Discord modals, through the real discord.js client, the real engine and
 * the fake Discord, with core's `opensForm` wired as the app wires it: `/ml-fund` with no amount,
 * the Deny reason and the low-balance alert's "Custom amount" each answer with the modal as the
 * interaction's FIRST response (type 9, no defer); a bad value gets a private list of the rules
 * (Discord shows no errors inside a modal) and changes nothing; a good one acts.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { opensForm } from '../../src/core/workspace/index.ts';
import { type DiscordApp, monitorFor, startDiscordApp } from './harness.ts';
import { EPHEMERAL, embedOf } from './helpers.ts';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = () => startDiscordApp({ adapter: { opensForm } });
// biome-ignore lint/suspicious/noExplicitAny: modal JSON as the bot sent it
const inputsOf = (modal: { data: any }) =>
  // biome-ignore lint/suspicious/noExplicitAny: modal JSON as the bot sent it
  (modal.data.components as any[]).filter((c) => c.type === 18);

describe('engine forms on Discord', () => {
  test('/ml-fund with no amount: the fund modal first; bad values listed privately; then a request another member pays', async () => {
    app = await start();
    const { fake, alice, bob } = app;
    const opened = fake.sendCommand(alice, 'ml-fund', {});
    const modal = await fake.waitFor('the fund modal', () => fake.modalFor(opened));
    expect(opened.callback.type).toBe(9);
    expect(modal.at - opened.dispatchedAt).toBeLessThan(3_000);
    expect(modal.data.custom_id).toBe('mlbot_form:fund:');
    const inputs = inputsOf(modal);
    expect(inputs.map((i) => i.component.custom_id)).toEqual(['amount', 'note', 'payer']);
    expect(inputs[0].description).toMatch(/^From \$10\.00 to \$1,000\.00/);
    expect(inputs[2].description).toMatch(/id or @mention/);
    expect(inputs[2].component.required).toBe(false);

    const bad = fake.submitModal(alice, opened, { amount: 'fifty', payer: 'bob and carol' });
    await fake.waitFor('the refusal', () => bad.callback);
    expect(bad.callback.type).toBe(4);
    expect(bad.callback.data.flags).toBe(EPHEMERAL);
    const refusal = JSON.stringify(bad.callback.data);
    expect(refusal).toContain('is not an amount');
    expect(refusal).toContain('Pick one member to pay');
    expect(refusal).toContain('fund_form:');
    expect(app.latestRequestId()).toBe('');

    fake.submitModal(alice, opened, { amount: '50', note: 'GPU hours', payer: `<@${bob.id}>` });
    const id = await fake.waitFor('the card', () => app?.latestRequestId() || undefined);
    const card = fake.latestWithButton(`approve:${id}`);
    expect(embedOf(card).description).toContain(`<@${bob.id}> pays.`);
    expect(await app.stores.requests.get(id)).toMatchObject({ payer: { id: bob.id }, requester: { id: alice.id } });
    fake.clickButton(bob, `approve:${id}`);
    const url = await fake.waitFor('the payer’s link', () => app?.paymentUrlFor(bob.id));
    expect(url).toContain('/checkout/');
    expect(app.paymentUrlFor(alice.id)).toBeUndefined();
  });

  test('Deny opens the reason modal first; the reason denies it and the requester’s DM says who and why', async () => {
    app = await start();
    const { fake, alice, bob } = app;
    fake.sendCommand(alice, 'ml-fund', { amount: 40, note: 'eval' });
    const id = await fake.waitFor('the card', () => app?.latestRequestId() || undefined);
    const click = fake.clickButton(bob, `deny:${id}`);
    const modal = await fake.waitFor('the deny modal', () => fake.modalFor(click));
    expect(click.callback.type).toBe(9);
    expect(modal.data.custom_id).toBe(`mlbot_form:deny:${id}`);

    const long = fake.submitModal(bob, click, { reason: 'x'.repeat(300) });
    await fake.waitFor('the refusal', () => long.callback);
    expect(JSON.stringify(long.callback.data)).toContain('at most 200 characters');
    expect(JSON.stringify(long.callback.data)).toContain(`deny:${id}`);
    expect((await app.stores.requests.get(id))?.state).toBe('awaiting_approval');

    fake.submitModal(bob, click, { reason: 'budget is spent' });
    const told = await fake.waitFor('the requester’s DM', () =>
      fake.state.channelMessages(fake.dmChannelOf(alice.id) ?? '').at(-1),
    );
    expect((await app.stores.requests.get(id))?.state).toBe('denied');
    expect(embedOf(told).description).toMatch(new RegExp(`denied by <@${bob.id}>\\. Reason: budget is spent\\.`));
  });

  test('"Custom amount" on the low-balance alert opens the amount modal; the amount opens a top-up request', async () => {
    app = await start();
    const { fake, sim, alice } = app;
    const monitor = monitorFor(app);
    sim.controls.setBalance(7.5);
    expect(await monitor?.checkOnce()).toBe('alerted');
    const click = fake.clickButton(alice, 'topup_custom:2000');
    const modal = await fake.waitFor('the amount modal', () => fake.modalFor(click));
    expect(click.callback.type).toBe(9);
    expect(inputsOf(modal)[0].component.value).toBe('20.00');

    const low = fake.submitModal(alice, click, { amount: '5' });
    await fake.waitFor('the refusal', () => low.callback);
    expect(JSON.stringify(low.callback.data)).toContain('at least $10.00');

    fake.submitModal(alice, click, { amount: '75.50' });
    const id = await fake.waitFor('the card', () => app?.latestRequestId() || undefined);
    expect(await app.stores.requests.get(id)).toMatchObject({ amountCents: 7550, note: 'low-balance top-up' });
  });
});
